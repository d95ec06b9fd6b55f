// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

// Writes a compact JSON object whose members keep the order they were added in.
//
// QJsonObject sorts its keys; the token response and the JWT segments read better (and match
// Spring Authorization Server's sample) in protocol order, and writing them directly avoids a
// QJsonDocument round trip on the hot path of every token request.
class JsonObjectWriter
{
public:
    JsonObjectWriter &add(QStringView name, QStringView value);
    JsonObjectWriter &add(QStringView name, const char *value)
    {
        return add(name, QString::fromUtf8(value));
    }
    // A u"..." literal would otherwise pick add(bool) through the pointer-to-bool conversion.
    JsonObjectWriter &add(QStringView name, const char16_t *value)
    {
        return add(name, QStringView(value));
    }
    JsonObjectWriter &add(QStringView name, qint64 value);
    // An int would otherwise be ambiguous between qint64 and bool.
    JsonObjectWriter &add(QStringView name, int value) { return add(name, qint64(value)); }
    JsonObjectWriter &add(QStringView name, bool value);
    // Any other pointer would silently be written as true.
    template<typename T>
    JsonObjectWriter &add(QStringView name, const T *value) = delete;
    JsonObjectWriter &add(QStringView name, const QStringList &values);
    // Adds already-serialised JSON (an object or array) verbatim.
    JsonObjectWriter &addRaw(QStringView name, const QByteArray &json);
    // Any JSON value (a configured extra claim), compact.
    JsonObjectWriter &addValue(QStringView name, const QJsonValue &value);

    QByteArray toJson() const;

    static void appendString(QByteArray &out, QStringView value);

private:
    void appendName(QStringView name);
    QByteArray m_body;
};
