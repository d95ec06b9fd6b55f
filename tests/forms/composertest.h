// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the Composer's tests: picking a registered client as a user does, reading a label or
// a text view by name, and sending and waiting for the status line.

#include "composerpage.h"
#include "jose/key.h"
#include "store/configuration.h"

#include <QJsonArray>
#include <QJsonObject>

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

namespace ComposerTest {

using namespace Qt::Literals::StringLiterals;

// "base" as a private_key_jwt client "id" whose key pair the app generated (the client form's
// Generate button): the public key in its JWK set under its thumbprint, the private key held.
inline ClientRegistration appHeldKeyClient(
    ClientRegistration base, const QString &id, const Key &key, const QString &alg)
{
    base.clientId = id;
    base.clientSecret.clear();
    base.authenticationMethods = {AuthMethod::PrivateKeyJwt.toString()};
    QJsonObject jwk = key.publicJwk();
    jwk.insert(u"kid"_s, key.thumbprint());
    jwk.insert(u"alg"_s, alg);
    base.jwks = QJsonObject {{u"keys"_s, QJsonArray {jwk}}};
    base.appPrivateKeyPem = QString::fromLatin1(key.privateKeyPem());
    return base;
}

// Chooses the registered client "id" in the Registered list; false when it is not there.
inline bool selectClient(ComposerPage *page, const QString &id)
{
    auto *combo = page->findChild<QComboBox *>(u"clientCombo"_s);
    const int index = combo ? combo->findData(id) : -1;
    if (index <= 0)
        return false;
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
    return true;
}

// The text of the label or the text view "name"; empty when there is none.
inline QString text(const QWidget *page, const QString &name)
{
    if (auto *label = page->findChild<QLabel *>(name))
        return label->text();
    if (auto *edit = page->findChild<QPlainTextEdit *>(name))
        return edit->toPlainText();
    return QString();
}

// Presses Send and waits until the status line says "status" (e.g. "HTTP 200").
inline bool sendAndWaitFor(ComposerPage *page, const QString &status)
{
    QTest::mouseClick(page->findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
    return QTest::qWaitFor(
        [page, status] { return text(page, u"statusLabel"_s).contains(status); }, 15000);
}

} // namespace ComposerTest
