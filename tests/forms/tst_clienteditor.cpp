// SPDX-License-Identifier: GPL-3.0-or-later
// The client form and the JWT client-authentication settings it has no widgets for yet: editing
// such a client keeps its methods, keys and assertion lifetime, and a private_key_jwt client
// needs no secret.
#include "clienteditor.h"

#include <QJsonArray>
#include <QLineEdit>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestClientEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsJwtSettingsItDoesNotShow();
    void privateKeyJwtNeedsNoSecret();
};

namespace {

ClientRegistration jwtClient()
{
    ClientRegistration client;
    client.clientId = u"privatekeyjwt_jwt_client"_s;
    client.authenticationMethods
        = {AuthMethod::PrivateKeyJwt.toString(), AuthMethod::ClientSecretJwt.toString()};
    client.clientSecret = u"jwt-secret-client-secret-with-32-bytes"_s;
    client.grantTypes = {GrantType::ClientCredentials.toString()};
    client.scopes = {u"country.read"_s};
    client.accessTokenLifetimeSeconds = 14400;
    client.jwksUri = u"http://localhost:8095/ms-auth-client/oauth2/jwks"_s;
    client.jwks = QJsonObject {{u"keys"_s, QJsonArray()}};
    client.assertionMaxLifetimeSeconds = 300;
    return client;
}

} // namespace

void TestClientEditor::keepsJwtSettingsItDoesNotShow()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"country.read"_s, QString()}});
    const ClientRegistration saved = jwtClient();
    editor.loadClient(saved);
    auto *name = editor.findChild<QLineEdit *>(u"displayNameLineEdit"_s);
    QVERIFY(name);
    name->setText(u"Edited"_s);

    const ClientRegistration edited = editor.client();
    QCOMPARE(edited.displayName, u"Edited"_s);
    QCOMPARE(edited.authenticationMethods, saved.authenticationMethods);
    QCOMPARE(edited.jwksUri, saved.jwksUri);
    QCOMPARE(edited.jwks, saved.jwks);
    QCOMPARE(edited.assertionMaxLifetimeSeconds, 300);
}

void TestClientEditor::privateKeyJwtNeedsNoSecret()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"country.read"_s, QString()}});
    ClientRegistration client = jwtClient();
    client.authenticationMethods = {AuthMethod::PrivateKeyJwt.toString()};
    client.clientSecret.clear();
    client.jwks = {};
    editor.loadClient(client);
    QVERIFY(editor.validate());

    // With a secret-based method too, the secret is required again.
    client.authenticationMethods.append(AuthMethod::ClientSecretPost.toString());
    editor.loadClient(client);
    QVERIFY(!editor.validate());
}

QTEST_MAIN(TestClientEditor)
#include "tst_clienteditor.moc"
