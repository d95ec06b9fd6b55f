// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/base64url.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class tst_Base64Url : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectors_data();
    void vectors();
    void allByteValues();
    void roundTripLengths_data();
    void roundTripLengths();
    void rejects_data();
    void rejects();
};

void tst_Base64Url::vectors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("encoded");

    // RFC 4648 §10, with the padding removed as base64url in JOSE requires (RFC 7515 §2).
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("f") << "f"_ba
                       << "Zg"_ba;
    QTest::newRow("fo") << "fo"_ba
                        << "Zm8"_ba;
    QTest::newRow("foo") << "foo"_ba
                         << "Zm9v"_ba;
    QTest::newRow("foob") << "foob"_ba
                          << "Zm9vYg"_ba;
    QTest::newRow("fooba") << "fooba"_ba
                           << "Zm9vYmE"_ba;
    QTest::newRow("foobar") << "foobar"_ba
                            << "Zm9vYmFy"_ba;
    // Values 62 and 63 are where base64url differs from base64 ('-' and '_' for '+' and '/').
    QTest::newRow("62 and 63") << "\xfb\xef\xff"_ba
                               << "--__"_ba;
    // RFC 7515 Appendix C.
    QTest::newRow("RFC 7515 C") << "\x03\xec\xff\xe0\xc1"_ba
                                << "A-z_4ME"_ba;
    QTest::newRow("zero bytes") << QByteArray(4, '\0') << "AAAAAA"_ba;
}

void tst_Base64Url::vectors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, encoded);

    QCOMPARE(Base64Url::encode(bytes), encoded);
    const std::optional<QByteArray> decoded = Base64Url::decode(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, bytes);
}

void tst_Base64Url::allByteValues()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i) {
        bytes.append(char(i));
    }
    const QByteArray encoded = Base64Url::encode(bytes);
    // Cross-check against Qt's own encoder in its base64url mode.
    QCOMPARE(
        encoded, bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const std::optional<QByteArray> decoded = Base64Url::decode(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, bytes);
}

void tst_Base64Url::roundTripLengths_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (int length = 0; length <= 64; ++length) {
        QByteArray bytes;
        for (int i = 0; i < length; ++i) {
            bytes.append(char((i * 151 + length * 17 + 0x80) & 0xff));
        }
        QTest::addRow("length %d", length) << bytes;
    }
}

void tst_Base64Url::roundTripLengths()
{
    QFETCH(QByteArray, bytes);

    const QByteArray encoded = Base64Url::encode(bytes);
    QCOMPARE(encoded.size(), (bytes.size() * 4 + 2) / 3);
    QVERIFY(!encoded.contains('='));
    QVERIFY(!encoded.contains('+'));
    QVERIFY(!encoded.contains('/'));
    QCOMPARE(
        encoded, bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const std::optional<QByteArray> decoded = Base64Url::decode(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, bytes);
}

void tst_Base64Url::rejects_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("padding ==") << "Zg=="_ba;
    QTest::newRow("padding =") << "Zm8="_ba;
    QTest::newRow("padding only") << "===="_ba;
    QTest::newRow("padding inside") << "Zg==Zg"_ba;
    QTest::newRow("plus") << "Zm+v"_ba;
    QTest::newRow("slash") << "Zm/v"_ba;
    QTest::newRow("space") << "Zm9 v"_ba;
    QTest::newRow("leading space") << " Zm9v"_ba;
    QTest::newRow("newline") << "Zm9v\nYmFy"_ba;
    QTest::newRow("trailing newline") << "Zm9v\n"_ba;
    QTest::newRow("tab") << "Zm\t9v"_ba;
    QTest::newRow("carriage return") << "Zm9v\r"_ba;
    QTest::newRow("dot") << "Zm.v"_ba;
    QTest::newRow("NUL") << QByteArray("Zm9v\0AAA", 8);
    QTest::newRow("non-ASCII") << "Zm\xc3\xa9"_ba;
    QTest::newRow("high byte") << "Zm9\xff"_ba;
    QTest::newRow("length 1") << "Z"_ba;
    QTest::newRow("length 5") << "Zm9vY"_ba;
    QTest::newRow("length 9") << "Zm9vYmFyZ"_ba;
    // Unused low bits of the last character must be zero (RFC 4648 §3.5).
    QTest::newRow("trailing bits after 1 byte") << "Zh"_ba;
    QTest::newRow("trailing bits after 1 byte, last") << "Z_"_ba;
    QTest::newRow("trailing bits after 2 bytes") << "Zm9"_ba;
    QTest::newRow("trailing bits after 2 bytes, last") << "Zm_"_ba;
    QTest::newRow("trailing bits after a full group") << "Zm9vYh"_ba;
}

void tst_Base64Url::rejects()
{
    QFETCH(QByteArray, text);

    QCOMPARE(Base64Url::decode(text), std::nullopt);
}

QTEST_GUILESS_MAIN(tst_Base64Url)
#include "tst_base64url.moc"
