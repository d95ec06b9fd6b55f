// SPDX-License-Identifier: GPL-3.0-or-later
#include "fieldmessage.h"

#include "theme.h"

#include <QLabel>
#include <QVariant>

namespace {

constexpr const char *SeverityProperty = "fieldMessageSeverity";

Theme::Tone toneOf(FieldMessage::Severity severity)
{
    switch (severity) {
    case FieldMessage::Severity::Error:
        return Theme::Tone::Error;
    case FieldMessage::Severity::Warning:
        return Theme::Tone::Warning;
    case FieldMessage::Severity::Hint:
        return Theme::Tone::Muted;
    }
    return Theme::Tone::Normal;
}

} // namespace

namespace FieldMessage {

QColor color(Severity severity, const QPalette &palette)
{
    return Theme::color(toneOf(severity), palette);
}

void show(QLabel *label, QWidget *field, const QString &text, Severity severity)
{
    if (text.isEmpty()) {
        clear(label, field);
        return;
    }
    label->setProperty(SeverityProperty, int(severity));
    Theme::setTone(label, toneOf(severity));
    label->setText(text);
    label->setVisible(true);
    if (field)
        field->setAccessibleDescription(text);
}

void clear(QLabel *label, QWidget *field)
{
    label->clear();
    label->setVisible(false);
    if (field)
        field->setAccessibleDescription(QString());
}

void refreshColor(QLabel *label)
{
    const QVariant severity = label->property(SeverityProperty);
    if (severity.isValid())
        Theme::setTone(label, toneOf(Severity(severity.toInt())));
}

} // namespace FieldMessage
