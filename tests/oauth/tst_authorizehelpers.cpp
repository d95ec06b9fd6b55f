// SPDX-License-Identifier: GPL-3.0-or-later
// The building blocks of the authorization code flow (issue 12) that are plain values: PKCE
// (RFC 7636) and redirect URI matching with the loopback rule (RFC 8252 §7.3).
#include "oauth/authorize/pkce.h"
#include "oauth/authorize/redirecturi.h"

#include "rfcvectors.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString &Verifier = RfcVectors::rfc7636Verifier;
const QString &Challenge = RfcVectors::rfc7636Challenge;

} // namespace

class TestAuthorizeHelpers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void s256AppendixB();
    void verify_data();
    void verify();
    void verifierSyntax_data();
    void verifierSyntax();
    void redirectMatch_data();
    void redirectMatch();
    void redirectWithParameters_data();
    void redirectWithParameters();
};

void TestAuthorizeHelpers::s256AppendixB()
{
    QCOMPARE(Pkce::s256Challenge(Verifier), Challenge);
}

void TestAuthorizeHelpers::verify_data()
{
    QTest::addColumn<QString>("verifier");
    QTest::addColumn<QString>("challenge");
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("ok");
    QTest::newRow("S256") << Verifier << Challenge << u"S256"_s << true;
    QTest::newRow("S256 wrong verifier")
        << QString(Verifier).replace(0, 1, u'e') << Challenge << u"S256"_s << false;
    QTest::newRow("S256 method is case-sensitive") << Verifier << Challenge << u"s256"_s << false;
    QTest::newRow("plain") << Verifier << Verifier << u"plain"_s << true;
    QTest::newRow("plain mismatch") << Verifier << Challenge << u"plain"_s << false;
    QTest::newRow("the challenge as verifier under S256")
        << Challenge << Challenge << u"S256"_s << false;
    QTest::newRow("short verifier")
        << u"abc"_s << Pkce::s256Challenge(u"abc") << u"S256"_s << false;
    QTest::newRow("unknown method") << Verifier << Challenge << u"S512"_s << false;
}

void TestAuthorizeHelpers::verify()
{
    QFETCH(QString, verifier);
    QFETCH(QString, challenge);
    QFETCH(QString, method);
    QFETCH(bool, ok);
    QCOMPARE(Pkce::verify(verifier, challenge, method), ok);
}

void TestAuthorizeHelpers::verifierSyntax_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    QTest::newRow("43 characters") << QString(43, u'a') << true;
    QTest::newRow("128 characters") << QString(128, u'~') << true;
    QTest::newRow("42 characters") << QString(42, u'a') << false;
    QTest::newRow("129 characters") << QString(129, u'a') << false;
    QTest::newRow("a plus sign") << QString(42, u'a') + u'+' << false;
    QTest::newRow("a space") << QString(42, u'a') + u' ' << false;
    QTest::newRow("non-ASCII") << QString(42, u'a') + QChar(0xe9) << false;
    QTest::newRow("all unreserved") << u"AZaz09-._~"_s.repeated(5) << true;
}

void TestAuthorizeHelpers::verifierSyntax()
{
    QFETCH(QString, value);
    QFETCH(bool, ok);
    QCOMPARE(Pkce::isValidVerifier(value), ok);
    QCOMPARE(Pkce::isValidChallenge(value), ok);
}

void TestAuthorizeHelpers::redirectMatch_data()
{
    QTest::addColumn<QStringList>("registered");
    QTest::addColumn<QString>("presented");
    QTest::addColumn<QString>("matched"); // empty: no match
    const QStringList web {u"http://127.0.0.1:8080/login/oauth2/code/web-client"_s};
    const QStringList loopback {u"http://127.0.0.1/callback"_s};
    QTest::newRow("exact") << web << web.first() << web.first();
    QTest::newRow("other port on a loopback literal (RFC 8252 §7.3)")
        << web << u"http://127.0.0.1:9999/login/oauth2/code/web-client"_s << web.first();
    QTest::newRow("any port") << loopback << u"http://127.0.0.1:53123/callback"_s
                              << loopback.first();
    QTest::newRow("no port") << loopback << loopback.first() << loopback.first();
    QTest::newRow("other path") << loopback << u"http://127.0.0.1:53123/callback/x"_s << QString();
    QTest::newRow("extra query") << loopback << u"http://127.0.0.1:53123/callback?a=1"_s
                                 << QString();
    QTest::newRow("fragment") << loopback << u"http://127.0.0.1:53123/callback#x"_s << QString();
    QTest::newRow("user info") << loopback << u"http://u@127.0.0.1:53123/callback"_s << QString();
    QTest::newRow("localhost is compared exactly")
        << loopback << u"http://localhost:53123/callback"_s << QString();
    QTest::newRow("https on a loopback literal")
        << loopback << u"https://127.0.0.1:53123/callback"_s << QString();
    QTest::newRow("IPv6 loopback")
        << QStringList {u"http://[::1]/cb"_s} << u"http://[::1]:4000/cb"_s << u"http://[::1]/cb"_s;
    QTest::newRow("IPv6 registered, IPv4 presented")
        << QStringList {u"http://[::1]/cb"_s} << u"http://127.0.0.1:4000/cb"_s << QString();
    QTest::newRow("not loopback: exact only") << QStringList {u"https://app.example/cb"_s}
                                              << u"https://app.example:444/cb"_s << QString();
    QTest::newRow("case matters") << QStringList {u"https://app.example/cb"_s}
                                  << u"https://app.example/CB"_s << QString();
    QTest::newRow("private-use scheme exact")
        << QStringList {u"com.example.app:/oauth2redirect"_s}
        << u"com.example.app:/oauth2redirect"_s << u"com.example.app:/oauth2redirect"_s;
}

void TestAuthorizeHelpers::redirectMatch()
{
    QFETCH(QStringList, registered);
    QFETCH(QString, presented);
    QFETCH(QString, matched);
    const std::optional<QString> result = RedirectUri::match(registered, presented);
    QCOMPARE(result.value_or(QString()), matched);
}

void TestAuthorizeHelpers::redirectWithParameters_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no query") << u"http://127.0.0.1:4000/cb"_s
                              << u"http://127.0.0.1:4000/cb?code=a+b&state=x%26y"_s;
    QTest::newRow("query kept") << u"https://app.example/cb?tenant=1"_s
                                << u"https://app.example/cb?tenant=1&code=a+b&state=x%26y"_s;
}

void TestAuthorizeHelpers::redirectWithParameters()
{
    QFETCH(QString, uri);
    QFETCH(QString, expected);
    QCOMPARE(RedirectUri::withParameters(uri, {{u"code"_s, u"a b"_s}, {u"state"_s, u"x&y"_s}}),
        expected);
}

QTEST_GUILESS_MAIN(TestAuthorizeHelpers)
#include "tst_authorizehelpers.moc"
