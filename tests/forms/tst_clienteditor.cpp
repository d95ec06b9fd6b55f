// SPDX-License-Identifier: GPL-3.0-or-later
// The client form's JWT client authentication: client_secret_jwt and private_key_jwt, the
// latter's keys (a JWK set URL with "Fetch now", or a pasted JWK set) validated at the field;
// editing such a client keeps what the form has no widget for (the assertion lifetime), and a
// private_key_jwt client needs no secret.
#include "clienteditor.h"

#include "jose/key.h"

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

QTEST_MAIN(TestClientEditor)
#include "tst_clienteditor.moc"
