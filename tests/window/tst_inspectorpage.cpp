// SPDX-License-Identifier: GPL-3.0-or-later
// The token inspector page, driven through its widgets offscreen: tokens from the embedded
// server over real HTTP, tampered, unsigned, malformed and HMAC tokens, keys pasted as PEM or
// given as a shared secret, and a countdown that follows the workspace's (manual) clock.
#include "httpclient.h"

#include "inspectorpage.h"
#include "secretfield.h"
#include "theme.h"
#include "tokencrafter.h"
#include "workspace.h"

#include "http/authorizationserver.h"
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "store/clock.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace {

QString unsignedToken(const QByteArray &payloadJson)
{
    return QString::fromLatin1(Base64Url::encode(R"({"alg":"none","typ":"JWT"})"_ba) + '.'
        + Base64Url::encode(payloadJson) + '.');
}

} // namespace

class TestInspectorPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void tokenFromTheEmbeddedServerVerifies();
    void tamperedSignatureIsInvalid_data();
    void tamperedSignatureIsInvalid();
    void unsignedIsNeverVerified_data();
    void unsignedIsNeverVerified();
    void malformedTokenNamesTheSegment_data();
    void malformedTokenNamesTheSegment();
    void everyPartThatDecodesIsShown();
    void verdictIsTheWorstOfTimeAndSignature_data();
    void verdictIsTheWorstOfTimeAndSignature();
    void craftedTokensAreSignedAsAsked();
    void publicKeyPemIsAnHmacSecret();
    void pastedPemKeyVerifies();
    void sharedSecretVerifies_data();
    void sharedSecretVerifies();
    void countdownFollowsTheClock();

private:
    QString fetchToken();
    void type(const QString &text);
    QString claimValue(const QString &claim) const;
    QString signatureText() const { return label(u"signatureLabel"_s)->text(); }
    QString paneText(const QString &name) const
    {
        return m_page->findChild<QTextBrowser *>(name)->toPlainText();
    }
    // The tone a banner is painted in (InspectorPage keeps it in the "bannerTone" property).
    Theme::Tone tone(const QString &name) const
    {
        return Theme::Tone(label(name)->property("bannerTone").toInt());
    }
    QLabel *label(const QString &name) const { return m_page->findChild<QLabel *>(name); }

    QTemporaryDir m_dir;
    ManualClock m_clock {QDateTime::currentMSecsSinceEpoch()};
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<InspectorPage> m_page;
    HttpClient m_http;
};

void TestInspectorPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_workspace = std::make_unique<Workspace>(m_dir.filePath(u"config.json"_s), m_clock);
    SettingsOverrides overrides;
    overrides.port = 0;
    m_workspace->open(overrides);
    QVERIFY(QTest::qWaitFor(
        [this] { return m_workspace->serverState() == Workspace::ServerState::Running; }, 30000));
}

void TestInspectorPage::init()
{
    m_clock.setMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch());
    m_page = std::make_unique<InspectorPage>(m_workspace.get());
    m_page->resize(1100, 760);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestInspectorPage::cleanup()
{
    m_page.reset();
}

QString TestInspectorPage::fetchToken()
{
    const HttpResult result
        = m_http.postForm(QUrl(m_workspace->server()->issuer() + u"/oauth2/token"_s),
            "grant_type=client_credentials&client_id=service-client-jwt"
            "&client_secret=service-client-jwt-secret&scope=country.read"_ba);
    return result.status == 200 ? result.json().value(u"access_token"_s).toString() : QString();
}

void TestInspectorPage::type(const QString &text)
{
    // As pasting does: the edit changes, the page decodes after its short delay.
    auto *edit = m_page->findChild<QPlainTextEdit *>(u"tokenEdit"_s);
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    edit->insertPlainText(text);
}

QString TestInspectorPage::claimValue(const QString &claim) const
{
    const QAbstractItemModel *model
        = m_page->findChild<QTableView *>(u"claimsTableView"_s)->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == claim)
            return model->index(row, 1).data().toString();
    }
    return QString();
}

void TestInspectorPage::tokenFromTheEmbeddedServerVerifies()
{
    const QString token = fetchToken();
    QVERIFY(!token.isEmpty());
    type(token);
    QTRY_VERIFY(label(u"signatureLabel"_s)->isVisible());
    QCOMPARE(m_page->keySource(), InspectorPage::KeySourceKind::EmbeddedServer);
    QVERIFY2(signatureText().contains(u"Verified"_s), qPrintable(signatureText()));
    QVERIFY2(signatureText().contains(u"embedded server"_s), qPrintable(signatureText()));
    QVERIFY(m_page->verification().isVerified());

    QCOMPARE(claimValue(u"sub"_s), u"service-client-jwt"_s);
    QCOMPARE(claimValue(u"iss"_s), m_workspace->server()->issuer());
    const QString exp = claimValue(u"exp"_s);
    QVERIFY2(exp.contains(u"expires in 3 h 59 min"_s) || exp.contains(u"expires in 4 h"_s),
        qPrintable(exp));
    // Time validity says "not expired"; "Valid" is the verdict on both facts together.
    QVERIFY2(label(u"validityLabel"_s)->text().contains(u"Not expired"_s),
        qPrintable(label(u"validityLabel"_s)->text()));
    QVERIFY2(label(u"verdictLabel"_s)->text().contains(u"Valid"_s),
        qPrintable(label(u"verdictLabel"_s)->text()));
    QCOMPARE(tone(u"verdictLabel"_s), Theme::Tone::Success);
    QVERIFY(!label(u"errorLabel"_s)->isVisible());
    QVERIFY(m_page->findChild<QTextBrowser *>(u"claimsBrowser"_s)
                ->toPlainText()
                .contains(u"\"sub\": \"service-client-jwt\""_s));
    QVERIFY(m_page->findChild<QTextBrowser *>(u"headerBrowser"_s)
                ->toPlainText()
                .contains(u"\"alg\""_s));
}

void TestInspectorPage::tamperedSignatureIsInvalid_data()
{
    QTest::addColumn<int>("fromEnd");
    QTest::newRow("first signature character") << -1;
    QTest::newRow("middle of the signature") << 100;
    QTest::newRow("near the end") << 10;
}

void TestInspectorPage::tamperedSignatureIsInvalid()
{
    QFETCH(int, fromEnd);
    QString token = fetchToken();
    QVERIFY(!token.isEmpty());
    const qsizetype at = fromEnd < 0 ? token.lastIndexOf(u'.') + 1 : token.size() - fromEnd;
    token[at] = token.at(at) == u'A' ? u'B' : u'A';
    type(token);
    QTRY_VERIFY(label(u"signatureLabel"_s)->isVisible());
    QVERIFY2(signatureText().contains(u"Invalid"_s), qPrintable(signatureText()));
    QVERIFY(!signatureText().contains(u"Verified"_s));
    QCOMPARE(m_page->verification().status, VerificationResult::Invalid);
}

void TestInspectorPage::unsignedIsNeverVerified_data()
{
    QTest::addColumn<int>("source");
    QTest::newRow("embedded keys") << int(InspectorPage::KeySourceKind::EmbeddedServer);
    QTest::newRow("pasted key") << int(InspectorPage::KeySourceKind::PastedKey);
    QTest::newRow("shared secret") << int(InspectorPage::KeySourceKind::SharedSecret);
}

void TestInspectorPage::unsignedIsNeverVerified()
{
    QFETCH(int, source);
    const QByteArray claims = R"({"iss":")" + m_workspace->server()->issuer().toUtf8()
        + R"(","sub":"service-client-jwt","exp":4102444800})";
    m_page->inspectToken(unsignedToken(claims));
    m_page->setKeySource(InspectorPage::KeySourceKind(source));
    m_page->findChild<QLineEdit *>(u"secretLineEdit"_s)->setText(u"anything"_s);
    m_page->findChild<QPlainTextEdit *>(u"keyTextEdit"_s)
        ->setPlainText(QString::fromLatin1(Key::generateEc().publicKeyPem()));
    QTRY_VERIFY(signatureText().contains(u"Unsigned"_s));
    QVERIFY(!signatureText().contains(u"Verified"_s));
    QCOMPARE(m_page->verification().status, VerificationResult::Unsigned);
    QCOMPARE(claimValue(u"sub"_s), u"service-client-jwt"_s);
}

void TestInspectorPage::malformedTokenNamesTheSegment_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("segment");
    // What the header and payload panes show: a text they contain, "marked" for a pane that
    // says it did not decode.
    QTest::addColumn<QString>("headerPane");
    QTest::addColumn<QString>("payloadPane");
    QTest::addColumn<int>("claimRows");
    const QString header = QString::fromLatin1(Base64Url::encode(R"({"alg":"HS256"})"_ba));
    const QString payload = QString::fromLatin1(Base64Url::encode(R"({"sub":"x"})"_ba));
    QTest::newRow("opaque") << u"2YotnFZFEjr1zCsicMWpAA"_s << u"token"_s << u"marked"_s
                            << u"marked"_s << 0;
    QTest::newRow("header not base64url")
        << u"ey$J." + payload + u".c2ln" << u"header"_s << u"marked"_s << u"\"sub\": \"x\""_s << 1;
    QTest::newRow("header not JSON")
        << QString::fromLatin1(Base64Url::encode("not json")) + u'.' + payload + u".c2ln"
        << u"header"_s << u"marked"_s << u"\"sub\": \"x\""_s << 1;
    QTest::newRow("payload not JSON")
        << header + u'.' + QString::fromLatin1(Base64Url::encode("{\"sub\":")) + u".c2ln"
        << u"payload"_s << u"\"alg\": \"HS256\""_s << u"marked"_s << 0;
    QTest::newRow("signature not base64url")
        << header + u'.' + payload + u".c2l*n" << u"signature"_s << u"\"alg\": \"HS256\""_s
        << u"\"sub\": \"x\""_s << 1;
}

void TestInspectorPage::malformedTokenNamesTheSegment()
{
    QFETCH(QString, token);
    QFETCH(QString, segment);
    QFETCH(QString, headerPane);
    QFETCH(QString, payloadPane);
    QFETCH(int, claimRows);
    // A good token first: a malformed one must replace what it showed.
    type(fetchToken());
    QTRY_VERIFY(!claimValue(u"iss"_s).isEmpty());
    type(token);
    QTRY_VERIFY(label(u"errorLabel"_s)->isVisible());
    const QString text = label(u"errorLabel"_s)->text();
    QVERIFY2(text.contains(u"Malformed"_s), qPrintable(text));
    QVERIFY2(text.contains(segment), qPrintable(text));
    QCOMPARE(claimValue(u"iss"_s), QString());
    QCOMPARE(m_page->findChild<QTableView *>(u"claimsTableView"_s)->model()->rowCount(), claimRows);
    const auto check = [this](const QString &pane, const QString &title, const QString &expected) {
        const QString shown = paneText(pane);
        const QString titleText = label(title)->text();
        if (expected == u"marked"_s) {
            QVERIFY2(shown.contains(u"Not decoded"_s), qPrintable(shown));
            QVERIFY2(titleText.contains(u"not decoded"_s), qPrintable(titleText));
        } else {
            QVERIFY2(shown.contains(expected), qPrintable(shown));
            QVERIFY2(!titleText.contains(u"not decoded"_s), qPrintable(titleText));
        }
    };
    check(u"headerBrowser"_s, u"headerTitleLabel"_s, headerPane);
    check(u"claimsBrowser"_s, u"claimsTitleLabel"_s, payloadPane);
    // A malformed token has no time or signature verdict, and nothing green.
    QVERIFY(!label(u"signatureLabel"_s)->isVisible());
    QVERIFY(!label(u"validityLabel"_s)->isVisible());
    QVERIFY(!label(u"verdictLabel"_s)->isVisible());
}

void TestInspectorPage::everyPartThatDecodesIsShown()
{
    // The issue's example: the header decodes, the payload is base64url of "not json".
    type(u"eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.abc"_s);
    QTRY_VERIFY(label(u"errorLabel"_s)->isVisible());
    QVERIFY2(paneText(u"headerBrowser"_s).contains(u"\"alg\": \"HS256\""_s),
        qPrintable(paneText(u"headerBrowser"_s)));
    const QString payload = paneText(u"claimsBrowser"_s);
    QVERIFY2(payload.contains(u"Not decoded"_s), qPrintable(payload));
    QVERIFY2(payload.contains(u"not json"_s), qPrintable(payload)); // the bytes it decodes to
    QVERIFY2(label(u"claimsTitleLabel"_s)->text().contains(u"not decoded"_s),
        qPrintable(label(u"claimsTitleLabel"_s)->text()));
    QVERIFY(!label(u"headerTitleLabel"_s)->text().contains(u"not decoded"_s));

    // A good token afterwards clears the marks.
    type(fetchToken());
    QTRY_VERIFY(!label(u"errorLabel"_s)->isVisible());
    QTRY_VERIFY(!label(u"claimsTitleLabel"_s)->text().contains(u"not decoded"_s));
    QVERIFY(paneText(u"claimsBrowser"_s).contains(u"\"sub\""_s));
}

void TestInspectorPage::verdictIsTheWorstOfTimeAndSignature_data()
{
    QTest::addColumn<QString>("signature"); // "verified", "tampered", "unsigned", "no key"
    QTest::addColumn<int>("advanceMinutes");
    QTest::addColumn<QString>("verdict");
    QTest::addColumn<QString>("validity");
    QTest::addColumn<bool>("green");
    QTest::newRow("verified, not expired")
        << u"verified"_s << 0 << u"Valid"_s << u"Not expired"_s << true;
    QTest::newRow("verified, expired")
        << u"verified"_s << 5 * 60 << u"Do not trust"_s << u"Expired"_s << false;
    QTest::newRow("invalid signature, not expired")
        << u"tampered"_s << 0 << u"Do not trust"_s << u"Not expired"_s << false;
    QTest::newRow("unsigned, not expired")
        << u"unsigned"_s << 0 << u"Do not trust"_s << u"Not expired"_s << false;
    QTest::newRow("no key, not expired")
        << u"no key"_s << 0 << u"Not proven valid"_s << u"Not expired"_s << false;
}

void TestInspectorPage::verdictIsTheWorstOfTimeAndSignature()
{
    QFETCH(QString, signature);
    QFETCH(int, advanceMinutes);
    QFETCH(QString, verdict);
    QFETCH(QString, validity);
    QFETCH(bool, green);
    QString token = fetchToken();
    QVERIFY(!token.isEmpty());
    if (signature == u"tampered"_s) {
        const qsizetype at = token.size() - 10;
        token[at] = token.at(at) == u'A' ? u'B' : u'A';
    } else if (signature == u"unsigned"_s) {
        token = unsignedToken(R"({"iss":")" + m_workspace->server()->issuer().toUtf8()
            + R"(","sub":"service-client-jwt","exp":4102444800})");
    }
    type(token);
    QTRY_VERIFY(label(u"verdictLabel"_s)->isVisible());
    if (signature == u"no key"_s)
        m_page->setKeySource(InspectorPage::KeySourceKind::PastedKey);
    m_clock.advance(qint64(advanceMinutes) * 60 * 1000);
    QTRY_VERIFY2(label(u"verdictLabel"_s)->text().contains(verdict),
        qPrintable(label(u"verdictLabel"_s)->text()));
    QVERIFY2(label(u"validityLabel"_s)->text().contains(validity),
        qPrintable(label(u"validityLabel"_s)->text()));
    // Nothing is green unless the whole token holds; the verdict is never friendlier than the
    // worse of its two facts.
    for (const QString &banner : {u"verdictLabel"_s, u"validityLabel"_s, u"signatureLabel"_s}) {
        if (!green)
            QVERIFY2(tone(banner) != Theme::Tone::Success, qPrintable(banner));
    }
    if (green) {
        QCOMPARE(tone(u"verdictLabel"_s), Theme::Tone::Success);
        QCOMPARE(tone(u"validityLabel"_s), Theme::Tone::Success);
        QCOMPARE(tone(u"signatureLabel"_s), Theme::Tone::Success);
    } else if (verdict == u"Do not trust"_s) {
        QCOMPARE(tone(u"verdictLabel"_s), Theme::Tone::Error);
    } else {
        QCOMPARE(tone(u"verdictLabel"_s), Theme::Tone::Warning);
    }
}

void TestInspectorPage::pastedPemKeyVerifies()
{
    QFile keyFile(m_workspace->keyPath());
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const Key key = Key::fromPem(keyFile.readAll());
    QVERIFY(!key.isNull());
    type(fetchToken());
    QTRY_VERIFY(m_page->verification().isVerified());
    m_page->setKeySource(InspectorPage::KeySourceKind::PastedKey);
    QVERIFY2(signatureText().contains(u"no key"_s), qPrintable(signatureText()));

    auto *keyEdit = m_page->findChild<QPlainTextEdit *>(u"keyTextEdit"_s);
    keyEdit->setPlainText(QString::fromLatin1(Key::generateRsa(2048).publicKeyPem()));
    QTRY_VERIFY2(signatureText().contains(u"Invalid"_s), qPrintable(signatureText()));
    keyEdit->setPlainText(QString::fromLatin1(key.publicKeyPem()));
    QTRY_VERIFY2(signatureText().contains(u"Verified"_s), qPrintable(signatureText()));
    QVERIFY(signatureText().contains(u"PEM"_s));
    // The user's choice stays for the next token.
    type(fetchToken());
    QTest::qWait(300);
    QCOMPARE(m_page->keySource(), InspectorPage::KeySourceKind::PastedKey);
}

void TestInspectorPage::sharedSecretVerifies_data()
{
    QTest::addColumn<QString>("alg");
    QTest::newRow("HS256") << u"HS256"_s;
    QTest::newRow("HS512") << u"HS512"_s;
}

void TestInspectorPage::sharedSecretVerifies()
{
    QFETCH(QString, alg);
    const QByteArray secret
        = "a shared secret of at least sixty-four bytes for HS512 to be fine!"_ba;
    const QByteArray token = Jws::compact(R"({"alg":")" + alg.toLatin1() + R"(","typ":"JWT"})",
        R"({"sub":"alice","exp":4102444800})"_ba, alg, Key::fromSecret(secret));
    QVERIFY(!token.isEmpty());
    type(QString::fromLatin1(token));
    // No issuer and an HMAC alg: the secret is what is asked for.
    QTRY_COMPARE(m_page->keySource(), InspectorPage::KeySourceKind::SharedSecret);
    QVERIFY2(signatureText().contains(u"no key"_s), qPrintable(signatureText()));
    auto *secretEdit = m_page->findChild<QLineEdit *>(u"secretLineEdit"_s);
    QCOMPARE(secretEdit->echoMode(), QLineEdit::Password);
    secretEdit->setText(u"the wrong secret"_s);
    QVERIFY2(signatureText().contains(u"Invalid"_s), qPrintable(signatureText()));
    secretEdit->setText(QString::fromLatin1(secret));
    QVERIFY2(signatureText().contains(u"Verified"_s), qPrintable(signatureText()));
    QCOMPARE(m_page->verification().alg, alg);
}

void TestInspectorPage::countdownFollowsTheClock()
{
    type(fetchToken());
    QTRY_VERIFY(!claimValue(u"exp"_s).isEmpty());
    const QString before = claimValue(u"exp"_s);
    QVERIFY2(before.contains(u"(expires in"_s), qPrintable(before));

    m_clock.advance(61 * 60 * 1000);
    QTRY_VERIFY(claimValue(u"exp"_s) != before);
    QVERIFY2(
        claimValue(u"exp"_s).contains(u"expires in 2 h 5"_s), qPrintable(claimValue(u"exp"_s)));
    // The date itself does not move, only how far it is.
    QCOMPARE(claimValue(u"exp"_s).left(19), before.left(19));

    m_clock.advance(4 * 60 * 60 * 1000);
    QTRY_VERIFY(label(u"validityLabel"_s)->text().contains(u"Expired"_s));
    QVERIFY2(claimValue(u"exp"_s).contains(u"expired"_s), qPrintable(claimValue(u"exp"_s)));
}

// Issue 9, item 16: "HS256 with the public key as secret": the server's public key, pasted whole
// (every line, the final line break too) into the secret field, is the HMAC key, byte for byte.
void TestInspectorPage::publicKeyPemIsAnHmacSecret()
{
    type(fetchToken());
    QTRY_VERIFY(m_page->verification().isVerified());
    TokenCrafter *crafter = m_page->craftToken();
    crafter->setAlgorithm(u"HS256"_s);
    const QByteArray pem = Key::generateRsa(2048).publicKeyPem();
    QVERIFY(pem.count('\n') > 3);
    QVERIFY(pem.endsWith('\n'));

    // Pasted into the masked field (reached with the Key label's Alt+K), as from a file.
    auto *masked = crafter->findChild<QLineEdit *>(u"craftSecretEdit"_s);
    QVERIFY(masked->isVisible());
    QGuiApplication::clipboard()->setText(QString::fromLatin1(pem));
    // (QLabel gives the focus to its buddy only when the buddy takes focus.)
    auto *keyLabel = crafter->findChild<QLabel *>(u"craftKeyLabel"_s);
    QCOMPARE(keyLabel->buddy(), masked);
    QVERIFY(masked->focusPolicy() != Qt::NoFocus);
    masked->setFocus(Qt::ShortcutFocusReason);
    QTest::keySequence(masked, QKeySequence::Paste);
    JwtDecoding crafted = JwtInspector::decode(crafter->token());
    QVERIFY2(crafted.isValid(), qPrintable(crafter->problem()));
    QVERIFY(JwtInspector::verifyWithSecret(crafted, pem).isVerified());
    QVERIFY(!JwtInspector::verifyWithSecret(crafted, pem.trimmed()).isVerified());

    // Shown, the secret keeps its lines in a text box, where it can be edited as lines.
    auto *field = crafter->findChild<SecretField *>(u"craftSecretField"_s);
    QTest::mouseClick(field->revealButton(), Qt::LeftButton);
    QPlainTextEdit *lines = field->textEdit();
    QVERIFY(lines && lines->isVisible());
    QCOMPARE(keyLabel->buddy(), lines);
    QVERIFY(!masked->isVisible());
    QCOMPARE(lines->toPlainText().toLatin1(), pem);
    QVERIFY(lines->blockCount() > 3);
    lines->setPlainText(QString::fromLatin1(pem.trimmed()));
    crafted = JwtInspector::decode(crafter->token());
    QVERIFY(JwtInspector::verifyWithSecret(crafted, pem.trimmed()).isVerified());
    QCOMPARE(masked->text().toLatin1(), pem.trimmed());
    crafter->reject();
}

// Issue 9, item 16: edit a token and sign it again, to make the tokens a resource server must
// refuse.
void TestInspectorPage::craftedTokensAreSignedAsAsked()
{
    type(fetchToken());
    QTRY_VERIFY(m_page->verification().isVerified());
    TokenCrafter *crafter = m_page->craftToken();
    QVERIFY(crafter);
    auto *header = crafter->findChild<QPlainTextEdit *>(u"craftHeaderEdit"_s);
    auto *payload = crafter->findChild<QPlainTextEdit *>(u"craftPayloadEdit"_s);
    QVERIFY(header->toPlainText().contains(u"\"kid\""_s));
    QVERIFY(payload->toPlainText().contains(u"\"sub\": \"service-client-jwt\""_s));
    // Expired long ago, audience changed.
    payload->setPlainText(uR"({"iss":"x","sub":"service-client-jwt","aud":"elsewhere","exp":1})"_s);

    // HS256 with a secret the user types: the token follows at once.
    crafter->setAlgorithm(u"HS256"_s);
    QVERIFY(crafter->token().isEmpty());
    QVERIFY(!crafter->problem().isEmpty());
    crafter->findChild<QLineEdit *>(u"craftSecretEdit"_s)->setText(u"s3cret"_s);
    JwtDecoding crafted = JwtInspector::decode(crafter->token());
    QVERIFY2(crafted.isValid(), qPrintable(crafter->token()));
    QCOMPARE(crafted.alg, u"HS256"_s);
    QCOMPARE(crafted.claims.value(u"aud"_s).toString(), u"elsewhere"_s);
    QVERIFY(JwtInspector::verifyWithSecret(crafted, "s3cret").isVerified());
    QVERIFY(!JwtInspector::verifyWithSecret(crafted, "other").isVerified());

    // Deliberately unsigned.
    crafter->setAlgorithm(u"none"_s);
    crafted = JwtInspector::decode(crafter->token());
    QVERIFY(crafted.isUnsigned);
    QVERIFY(crafter->token().endsWith(u'.'));

    // A key generated here, for each kind.
    for (const QString &alg : {u"RS256"_s, u"PS384"_s, u"ES256"_s, u"ES512"_s, u"EdDSA"_s}) {
        crafter->setAlgorithm(alg);
        QTest::mouseClick(
            crafter->findChild<QPushButton *>(u"craftGenerateButton"_s), Qt::LeftButton);
        crafted = JwtInspector::decode(crafter->token());
        QVERIFY2(crafted.isValid(), qPrintable(alg + u": "_s + crafter->problem()));
        QCOMPARE(crafted.alg, alg);
        const QString pem = crafter->findChild<QPlainTextEdit *>(u"craftKeyEdit"_s)->toPlainText();
        QVERIFY2(JwtInspector::verifyWithKeyText(crafted, pem).isVerified(), qPrintable(alg));
    }

    // A header that lies about its algorithm, kept as typed.
    crafter->findChild<QCheckBox *>(u"craftMatchAlgCheck"_s)->setChecked(false);
    header->setPlainText(uR"({"alg":"HS256","kid":"wrong-kid"})"_s);
    crafted = JwtInspector::decode(crafter->token());
    QCOMPARE(crafted.alg, u"HS256"_s);
    QCOMPARE(crafted.kid, u"wrong-kid"_s);
    // Not JSON: no token, and why.
    header->setPlainText(u"{not json"_s);
    QVERIFY(crafter->token().isEmpty());
    QVERIFY(!crafter->problem().isEmpty());
    QVERIFY(!crafter->findChild<QPushButton *>(u"craftInspectButton"_s)->isEnabled());

    // Back in the inspector: an expired token, not trusted.
    header->setPlainText(uR"({"alg":"HS256","typ":"JWT"})"_s);
    crafter->findChild<QCheckBox *>(u"craftMatchAlgCheck"_s)->setChecked(true);
    crafter->setAlgorithm(u"HS256"_s);
    const QString token = crafter->token();
    QVERIFY(!token.isEmpty());
    QTest::mouseClick(crafter->findChild<QPushButton *>(u"craftInspectButton"_s), Qt::LeftButton);
    QCOMPARE(m_page->decoding().token, token);
    QTRY_VERIFY2(label(u"verdictLabel"_s)->text().contains(u"Do not trust"_s),
        qPrintable(label(u"verdictLabel"_s)->text()));
}

QTEST_MAIN(TestInspectorPage)
#include "tst_inspectorpage.moc"
