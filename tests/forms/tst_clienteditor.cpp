// SPDX-License-Identifier: GPL-3.0-or-later
// The client form's JWT client authentication: client_secret_jwt and private_key_jwt, the
// latter's keys (a JWK set URL with "Fetch now", or a pasted JWK set) validated at the field;
// editing such a client keeps what the form has no widget for (the assertion lifetime), and a
// private_key_jwt client needs no secret.
#include "clienteditor.h"

#include "durationedit.h"
#include "jose/key.h"
#include "oauth/protocolregistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestClientEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsJwtSettingsItDoesNotShow();
    void privateKeyJwtNeedsNoSecret();
    void keyOptionsFollowTheClient();
    void keysAreValidatedAtTheField();
    void fetchNowShowsTheKeys();
    void generatedKeyPairIsKeptWithItsPublicSet();
    void optionBoxesComeFromTheRegistry();
    void unsupportedNamesShowChecked();
    void signInSettingsRoundTrip();
    void signInSettingsAreEdited();
    void rulesShowAtTheField_data();
    void rulesShowAtTheField();
    void loopbackNoteAndLifetimes();
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
    client.assertionMaxLifetimeSeconds = 300;
    return client;
}

// The seed's public client, as a user would register one for a single-page app.
ClientRegistration publicClient()
{
    ClientRegistration client;
    client.clientId = u"spa"_s;
    client.authenticationMethods = {AuthMethod::None.toString()};
    client.grantTypes
        = {GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()};
    client.scopes = {u"openid"_s};
    client.redirectUris = {u"http://127.0.0.1/callback"_s, u"com.example.app:/cb"_s};
    client.postLogoutRedirectUris = {u"http://127.0.0.1/"_s};
    client.requirePkce = true;
    client.allowPlainPkce = true;
    client.requireConsent = true;
    client.authorizationCodeLifetimeSeconds = 120;
    client.refreshTokenLifetimeSeconds = 7200;
    client.rotateRefreshTokens = true;
    return client;
}

QCheckBox *boxWithText(const QWidget &editor, const QString &prefix)
{
    const QList<QCheckBox *> boxes = editor.findChildren<QCheckBox *>();
    for (QCheckBox *box : boxes) {
        if (box->text().remove(u'&').startsWith(prefix))
            return box;
    }
    return nullptr;
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

void TestClientEditor::keyOptionsFollowTheClient()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"country.read"_s, QString()}});
    editor.show();
    ClientRegistration client = jwtClient();
    client.jwks = {};
    editor.loadClient(client);
    auto *privateKey = editor.findChild<QCheckBox *>(u"privateKeyJwtCheckBox"_s);
    auto *secretJwt = editor.findChild<QCheckBox *>(u"clientSecretJwtCheckBox"_s);
    QVERIFY(privateKey && secretJwt);
    QVERIFY(privateKey->isChecked());
    QVERIFY(secretJwt->isChecked());
    auto *uri = editor.findChild<QLineEdit *>(u"jwksUriLineEdit"_s);
    QVERIFY(uri->isVisible());
    QCOMPARE(uri->text(), client.jwksUri);
    QVERIFY(!editor.findChild<QPlainTextEdit *>(u"jwksTextEdit"_s)->isVisible());
    QVERIFY(!editor.isDirty());

    // Off: the keys disappear from the form and are kept; the method goes.
    privateKey->setChecked(false);
    QVERIFY(!uri->isVisible());
    QCOMPARE(editor.client().authenticationMethods,
        QStringList {AuthMethod::ClientSecretJwt.toString()});
    QCOMPARE(editor.client().jwksUri, client.jwksUri);
    QVERIFY(editor.isDirty());
}

void TestClientEditor::keysAreValidatedAtTheField()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"country.read"_s, QString()}});
    editor.show();
    ClientRegistration client = jwtClient();
    client.jwks = {};
    editor.loadClient(client);
    auto *uri = editor.findChild<QLineEdit *>(u"jwksUriLineEdit"_s);
    uri->setText(u"ftp://example/jwks"_s);
    QVERIFY(!editor.validate());
    auto *error = editor.findChild<QLabel *>(u"authMethodsErrorLabel"_s);
    QVERIFY2(error->text().startsWith(u"The JWK set URL must be an http or https URL"_s),
        qPrintable(error->text()));

    // A pasted set instead: checked the way the configuration file is.
    editor.findChild<QComboBox *>(u"keySourceComboBox"_s)->setCurrentIndex(1);
    auto *text = editor.findChild<QPlainTextEdit *>(u"jwksTextEdit"_s);
    QVERIFY(text->isVisible());
    text->setPlainText(u"{\"keys\": [{\"kty\": \"oct\", \"k\": \"c2VjcmV0\"}]}"_s);
    QVERIFY(!editor.validate());
    QVERIFY2(error->text().contains(u"symmetric"_s), qPrintable(error->text()));
    QJsonObject jwk = Key::generateEd25519().publicJwk();
    jwk.insert(u"kid"_s, u"client"_s);
    const QJsonObject set {{u"keys"_s, QJsonArray {jwk}}};
    text->setPlainText(QString::fromUtf8(QJsonDocument(set).toJson()));
    QVERIFY(editor.validate());
    QCOMPARE(editor.client().jwks, set);
    QVERIFY(editor.client().jwksUri.isEmpty());
}

void TestClientEditor::fetchNowShowsTheKeys()
{
    // The client's JWK set on a free loopback port, served once.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QJsonObject jwk = Key::generateEc(256).publicJwk();
    jwk.insert(u"kid"_s, u"kid-10000001"_s);
    const QByteArray body = QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {jwk}}}).toJson();
    connect(&server, &QTcpServer::newConnection, this, [&server, body] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, body] {
            if (!socket->readAll().contains("\r\n\r\n"))
                return;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: "
                          "close\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
    });

    ClientEditor editor;
    editor.setAvailableScopes({{u"country.read"_s, QString()}});
    editor.show();
    ClientRegistration client = jwtClient();
    client.jwks = {};
    client.jwksUri = u"http://127.0.0.1:%1/jwks"_s.arg(server.serverPort());
    editor.loadClient(client);
    QTest::mouseClick(editor.findChild<QPushButton *>(u"fetchJwksButton"_s), Qt::LeftButton);
    auto *status = editor.findChild<QLabel *>(u"jwksStatusLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"Fetched"_s), 10000);
    QCOMPARE(status->text(), u"Fetched 1 key(s): kid-10000001"_s);
}

void TestClientEditor::generatedKeyPairIsKeptWithItsPublicSet()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"country.read"_s, QString()}});
    editor.show();
    editor.loadClient(jwtClient());
    QTest::mouseClick(editor.findChild<QPushButton *>(u"generateKeyButton"_s), Qt::LeftButton);
    const ClientRegistration client = editor.client();
    QVERIFY(client.jwksUri.isEmpty());
    const QJsonArray keys = client.jwks.value("keys"_L1).toArray();
    QCOMPARE(keys.size(), 1);
    const Key key = Key::fromPem(client.appPrivateKeyPem.toUtf8());
    QVERIFY(key.isPrivate());
    QCOMPARE(key.type(), Key::Type::Ec);
    // The public half is what the set publishes, under the key's thumbprint.
    QCOMPARE(keys.at(0).toObject().value("kid"_L1).toString(), key.thumbprint());
    QCOMPARE(keys.at(0).toObject().value("x"_L1), key.publicJwk().value("x"_L1));
    QVERIFY(!keys.at(0).toObject().contains("d"_L1));
    QVERIFY(editor.validate());
    // The saved registration loads as the configuration file would.
    Configuration config;
    config.scopes = {{u"country.read"_s, QString()}};
    config.clients = {client};
    const Expected<Configuration, QString> loaded
        = ConfigurationJson::fromJson(ConfigurationJson::toJson(config));
    QVERIFY2(loaded.isOk(), qPrintable(loaded ? QString() : loaded.error()));

    // Another set pasted over it: the private key no longer belongs and is dropped.
    QJsonObject other = Key::generateEc(256).publicJwk();
    editor.findChild<QPlainTextEdit *>(u"jwksTextEdit"_s)
        ->setPlainText(QString::fromUtf8(
            QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {other}}}).toJson()));
    QVERIFY(editor.client().appPrivateKeyPem.isEmpty());
}

void TestClientEditor::optionBoxesComeFromTheRegistry()
{
    ClientEditor editor;
    const ProtocolRegistry &registry = ProtocolRegistry::instance();
    QVERIFY(registry.grantTypes().contains(GrantType::AuthorizationCode));
    QVERIFY(registry.grantTypes().contains(GrantType::RefreshToken));
    QVERIFY(registry.authenticationMethods().contains(AuthMethod::None));
    // One box per name the registry lists, its label starting with the wire name.
    for (const QStringList &names : {registry.grantTypes(), registry.authenticationMethods()}) {
        for (const QString &name : names)
            QVERIFY2(boxWithText(editor, name), qPrintable(name));
    }
    QCOMPARE(boxWithText(editor, u"authorization_code"_s)->text(),
        u"authorization_code (a user signs in)"_s);
    QCOMPARE(boxWithText(editor, u"none"_s)->text(), u"none (public client)"_s);

    // Ticking them makes a client with them, in the form's order.
    editor.loadNewClient(ClientRegistration(), ClientEditor::NewClientState::Pristine);
    boxWithText(editor, u"refresh_token"_s)->setChecked(true);
    boxWithText(editor, u"authorization_code"_s)->setChecked(true);
    boxWithText(editor, u"none"_s)->setChecked(true);
    QCOMPARE(editor.client().grantTypes,
        (QStringList {
            GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()}));
    QCOMPARE(editor.client().authenticationMethods, QStringList {AuthMethod::None.toString()});
}

void TestClientEditor::unsupportedNamesShowChecked()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"openid"_s, QString()}});
    ClientRegistration client = publicClient();
    client.grantTypes.append(u"urn:ietf:params:oauth:grant-type:device_code"_s);
    editor.loadClient(client);
    QCheckBox *device = boxWithText(editor, u"urn:ietf:params:oauth:grant-type:device_code"_s);
    QVERIFY(device);
    QCOMPARE(device->text(),
        u"urn:ietf:params:oauth:grant-type:device_code (not supported by this version)"_s);
    QVERIFY(device->isChecked());
    QCOMPARE(editor.client().grantTypes, client.grantTypes);
    QVERIFY(!editor.isDirty());

    // Unchecked, it goes from the client; another client does not show it.
    device->setChecked(false);
    QCOMPARE(editor.client().grantTypes, publicClient().grantTypes);
    editor.loadClient(publicClient());
    QVERIFY(!boxWithText(editor, u"urn:ietf:params:oauth:grant-type:device_code"_s));
}

void TestClientEditor::signInSettingsRoundTrip()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"openid"_s, QString()}});
    const ClientRegistration client = publicClient();
    editor.loadClient(client);
    QCOMPARE(editor.findChild<QPlainTextEdit *>(u"redirectUrisTextEdit"_s)->toPlainText(),
        u"http://127.0.0.1/callback\ncom.example.app:/cb"_s);
    QCOMPARE(editor.findChild<QPlainTextEdit *>(u"postLogoutRedirectUrisTextEdit"_s)->toPlainText(),
        u"http://127.0.0.1/"_s);
    for (const char *name : {"requirePkceCheckBox", "allowPlainPkceCheckBox",
             "requireConsentCheckBox", "rotateRefreshTokensCheckBox"}) {
        QVERIFY2(editor.findChild<QCheckBox *>(QString::fromLatin1(name))->isChecked(), name);
    }
    QCOMPARE(editor.findChild<DurationEdit *>(u"authorizationCodeLifetimeEdit"_s)->seconds(),
        qint64(120));
    QCOMPARE(
        editor.findChild<DurationEdit *>(u"refreshTokenLifetimeEdit"_s)->seconds(), qint64(7200));
    QCOMPARE(editor.client(), client);
    QVERIFY(!editor.isDirty());
    QVERIFY(editor.validate());
}

void TestClientEditor::signInSettingsAreEdited()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"openid"_s, QString()}});
    editor.loadClient(publicClient());
    auto *uris = editor.findChild<QPlainTextEdit *>(u"redirectUrisTextEdit"_s);
    // Blank lines and spaces around a URI do not count.
    uris->setPlainText(u"  https://app.example.com/cb \n\nhttp://[::1]/cb\n"_s);
    editor.findChild<QCheckBox *>(u"allowPlainPkceCheckBox"_s)->setChecked(false);
    editor.findChild<QCheckBox *>(u"requireConsentCheckBox"_s)->setChecked(false);
    editor.findChild<QCheckBox *>(u"rotateRefreshTokensCheckBox"_s)->setChecked(false);
    editor.findChild<DurationEdit *>(u"authorizationCodeLifetimeEdit"_s)->setSeconds(600);
    editor.findChild<DurationEdit *>(u"refreshTokenLifetimeEdit"_s)->setSeconds(86400);
    QVERIFY(editor.isDirty());
    const ClientRegistration edited = editor.client();
    QCOMPARE(
        edited.redirectUris, (QStringList {u"https://app.example.com/cb"_s, u"http://[::1]/cb"_s}));
    QVERIFY(!edited.allowPlainPkce);
    QVERIFY(!edited.requireConsent);
    QVERIFY(!edited.rotateRefreshTokens);
    QVERIFY(edited.requirePkce);
    QCOMPARE(edited.authorizationCodeLifetimeSeconds, qint64(600));
    QCOMPARE(edited.refreshTokenLifetimeSeconds, qint64(86400));
    QVERIFY(editor.validate());
    editor.revert();
    QCOMPARE(editor.client(), publicClient());
}

void TestClientEditor::rulesShowAtTheField_data()
{
    // Each rule is ConfigurationJson's: the form shows the loader's own words, as a sentence.
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("expected");
    ClientRegistration none = publicClient();
    none.authenticationMethods.append(AuthMethod::ClientSecretBasic.toString());
    QTest::newRow("none with another method")
        << u"basic"_s << u"authMethodsErrorLabel"_s
        << ConfigurationJson::validateAuthenticationMethods(none.authenticationMethods);
    ClientRegistration credentials = publicClient();
    credentials.grantTypes.append(GrantType::ClientCredentials.toString());
    QTest::newRow("public client_credentials")
        << u"credentials"_s << u"grantTypesErrorLabel"_s
        << ConfigurationJson::validateGrantTypes(credentials);
    ClientRegistration noUri = publicClient();
    noUri.redirectUris.clear();
    QTest::newRow("authorization_code without redirect URI")
        << u"no uri"_s << u"redirectUrisMessageLabel"_s
        << ConfigurationJson::validateRedirectUriPresence(noUri);
    ClientRegistration noPkce = publicClient();
    noPkce.requirePkce = false;
    QTest::newRow("public client without PKCE")
        << u"no pkce"_s << u"pkceErrorLabel"_s << ConfigurationJson::validatePkce(noPkce);
    QTest::newRow("redirect URI with a fragment")
        << u"fragment"_s << u"redirectUrisMessageLabel"_s
        << u"on line 2 "_s + ConfigurationJson::validateRedirectUri(u"http://127.0.0.1/cb#x"_s);
    QTest::newRow("relative post-logout URI")
        << u"logout"_s << u"postLogoutRedirectUrisErrorLabel"_s
        << ConfigurationJson::validateRedirectUri(u"/signed-out"_s);
}

void TestClientEditor::rulesShowAtTheField()
{
    QFETCH(QString, action);
    QFETCH(QString, label);
    QFETCH(QString, expected);
    QVERIFY(!expected.isEmpty());
    ClientEditor editor;
    editor.setAvailableScopes({{u"openid"_s, QString()}});
    editor.show();
    editor.loadClient(publicClient());
    auto *message = editor.findChild<QLabel *>(label);
    QVERIFY(message);
    QVERIFY(!message->isVisible() || message->text().startsWith(u"One URI per line"_s));

    auto *uris = editor.findChild<QPlainTextEdit *>(u"redirectUrisTextEdit"_s);
    if (action == u"basic"_s)
        editor.findChild<QCheckBox *>(u"clientSecretBasicCheckBox"_s)->setChecked(true);
    else if (action == u"credentials"_s)
        editor.findChild<QCheckBox *>(u"clientCredentialsCheckBox"_s)->setChecked(true);
    else if (action == u"no uri"_s)
        uris->clear();
    else if (action == u"no pkce"_s)
        editor.findChild<QCheckBox *>(u"requirePkceCheckBox"_s)->setChecked(false);
    else if (action == u"fragment"_s)
        uris->setPlainText(u"http://127.0.0.1/callback\nhttp://127.0.0.1/cb#x"_s);
    else if (action == u"logout"_s)
        editor.findChild<QPlainTextEdit *>(u"postLogoutRedirectUrisTextEdit"_s)
            ->setPlainText(u"/signed-out"_s);

    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(expected.mid(1)), qPrintable(message->text()));
    QVERIFY(!editor.validate());
}

void TestClientEditor::loopbackNoteAndLifetimes()
{
    ClientEditor editor;
    editor.setAvailableScopes({{u"openid"_s, QString()}});
    editor.show();
    editor.loadClient(publicClient());
    // The rule of RFC 8252 §7.3, said where the URIs are typed.
    auto *note = editor.findChild<QLabel *>(u"redirectUrisMessageLabel"_s);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"127.0.0.1"_s) && note->text().contains(u"[::1]"_s)
            && note->text().contains(u"any port"_s) && note->text().contains(u"8252"_s),
        qPrintable(note->text()));

    auto *code = editor.findChild<DurationEdit *>(u"authorizationCodeLifetimeEdit"_s);
    code->setSeconds(ClientRegistration::MaxAuthorizationCodeLifetimeSeconds + 60);
    auto *codeError = editor.findChild<QLabel *>(u"authorizationCodeLifetimeErrorLabel"_s);
    QVERIFY(codeError->isVisible());
    QVERIFY(!editor.validate());
    code->setSeconds(ClientRegistration::MaxAuthorizationCodeLifetimeSeconds);
    QVERIFY(!codeError->isVisible());
    QVERIFY(editor.validate());
}

QTEST_MAIN(TestClientEditor)
#include "tst_clienteditor.moc"
