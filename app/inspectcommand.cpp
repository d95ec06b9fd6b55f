// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspectcommand.h"

#include "client/jwksfetcher.h"
#include "client/jwtinspector.h"
#include "jose/jsontext.h"
#include "jose/jsonwriter.h"
#include "store/clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QUrl>

#include <cstdio>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

// sysexits.h values, as the rest of the command line uses.
constexpr int ExitDecoded = 0;
constexpr int ExitNotVerified = 1;
constexpr int ExitMalformed = 2;
constexpr int ExitUsage = 64;

QString tr(const char *text)
{
    return QCoreApplication::translate("InspectCommand", text);
}

const char *const helpText = QT_TRANSLATE_NOOP("InspectCommand",
    "Usage: oauth2-playground inspect [--jwks FILE_OR_URL | --key FILE | --secret SECRET]\n"
    "                                 [--now SECONDS] TOKEN\n"
    "\n"
    "Decodes a JWT and, when a key is given, verifies its signature. Prints one JSON object:\n"
    "  {\"header\": {...}, \"claims\": {...},\n"
    "   \"signature\": {\"alg\": ..., \"verified\": true|false, \"reason\": ...},\n"
    "   \"validity\": {\"status\": \"valid|expired|not_yet_valid|no_expiry\", ...}}\n"
    "\n"
    "TOKEN                 the token; \"-\" reads it from standard input. A \"Bearer \" prefix\n"
    "                      and line breaks are ignored.\n"
    "--jwks FILE_OR_URL    verify with a JWK set: an http(s) URL (a metadata URL is followed to\n"
    "                      its jwks_uri; 10 s timeout) or a file.\n"
    "--key FILE            verify with a PEM public key, private key or certificate, a JWK or\n"
    "                      a JWK set read from FILE.\n"
    "--secret SECRET       verify HS256/HS384/HS512 with this shared secret (UTF-8). Other\n"
    "                      users may see command lines: prefer a throw-away secret.\n"
    "--now SECONDS         judge exp/nbf/iat against this time (seconds since 1970) instead\n"
    "                      of the system clock.\n"
    "--help                show this text.\n"
    "\n"
    "Exit status: 0 decoded (and verified, when a key was given); 1 the signature could not\n"
    "be verified with the key given; 2 the token is malformed (the reason on standard error);\n"
    "64 usage error. Expiry does not change the exit status: read \"validity\".\n");

void write(QIODevice *device, const QString &text)
{
    if (device) {
        device->write(text.toUtf8());
    }
}

int usageError(QIODevice *err, const QString &message)
{
    write(err,
        tr("oauth2-playground inspect: %1\nTry 'oauth2-playground inspect --help'.\n")
            .arg(message));
    return ExitUsage;
}

struct KeyLoad
{
    std::optional<QList<VerificationKey>> keys;
    QString error;
};

KeyLoad keysFromFile(const QString &path)
{
    KeyLoad load;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        load.error = tr("cannot read %1: %2").arg(path, file.errorString());
        return load;
    }
    // A key file is small; reading more would only make a wrong path (a disk image...) slow.
    const QByteArray text = file.read(1024 * 1024);
    load.keys = KeySource::keysFromText(QString::fromUtf8(text), &load.error);
    if (!load.keys) {
        load.error = tr("%1: %2").arg(path, load.error);
    }
    return load;
}

KeyLoad keysFromUrl(const QUrl &url)
{
    JwksFetcher fetcher;
    QEventLoop loop;
    std::optional<JwksFetchResult> fetched;
    QObject::connect(
        &fetcher, &JwksFetcher::finished, &loop, [&fetched, &loop](const JwksFetchResult &r) {
            fetched = r;
            loop.quit();
        });
    fetcher.fetch(url);
    // fetch() reports a URL it refuses before it returns.
    if (!fetched) {
        loop.exec();
    }
    KeyLoad load;
    if (fetched && fetched->isOk()) {
        load.keys = fetched->keys;
    } else {
        load.error = fetched ? fetched->error : tr("the JWK set could not be fetched");
    }
    return load;
}

QByteArray timeJson(const TimeClaim &claim)
{
    return JsonObjectWriter()
        .add(u"seconds", claim.seconds)
        // RFC 3339 with "Z", which Qt::ISODate writes as "+00:00" for a QTimeZone::utc() time.
        .add(u"time", claim.utc.toString(u"yyyy-MM-dd'T'HH:mm:ss'Z'"))
        .add(u"relative", claim.relative)
        .toJson();
}

QByteArray validityJson(const TimeReport &report, qint64 now)
{
    JsonObjectWriter writer;
    writer.add(u"status", JwtInspector::validityName(report.validity))
        .add(u"now", now)
        .add(u"summary", report.summary);
    for (const TimeClaim &claim : report.claims) {
        writer.addRaw(claim.name, timeJson(claim));
    }
    return writer.toJson();
}

} // namespace

int runInspect(const QStringList &arguments, QIODevice *out, QIODevice *err, QIODevice *in)
{
    QCommandLineParser parser;
    const QCommandLineOption jwksOption(u"jwks"_s, QString(), u"FILE_OR_URL"_s);
    const QCommandLineOption keyOption(u"key"_s, QString(), u"FILE"_s);
    const QCommandLineOption secretOption(u"secret"_s, QString(), u"SECRET"_s);
    const QCommandLineOption nowOption(u"now"_s, QString(), u"SECONDS"_s);
    const QCommandLineOption helpOption(u"help"_s);
    parser.addOptions({jwksOption, keyOption, secretOption, nowOption, helpOption});
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList {u"oauth2-playground inspect"_s} + arguments)) {
        return usageError(err, parser.errorText());
    }
    if (parser.isSet(helpOption)) {
        write(out, tr(helpText));
        return ExitDecoded;
    }
    for (const QCommandLineOption &option : {jwksOption, keyOption, secretOption, nowOption}) {
        if (parser.values(option).size() > 1) {
            return usageError(err, tr("--%1 is given more than once").arg(option.names().first()));
        }
    }
    const int keyOptions = (parser.isSet(jwksOption) ? 1 : 0) + (parser.isSet(keyOption) ? 1 : 0)
        + (parser.isSet(secretOption) ? 1 : 0);
    if (keyOptions > 1) {
        return usageError(err, tr("give only one of --jwks, --key and --secret"));
    }
    if (parser.isSet(secretOption) && parser.value(secretOption).isEmpty()) {
        return usageError(err, tr("--secret is empty"));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        return usageError(err, tr("no TOKEN given"));
    }
    if (positional.size() > 1) {
        return usageError(err, tr("one TOKEN only; unexpected \"%1\"").arg(positional.at(1)));
    }
    qint64 now = Clock::system().currentMSecsSinceEpoch() / 1000;
    if (parser.isSet(nowOption)) {
        bool ok = false;
        now = parser.value(nowOption).toLongLong(&ok);
        if (!ok) {
            return usageError(err,
                tr("--now wants whole seconds since 1970, not \"%1\"")
                    .arg(parser.value(nowOption)));
        }
    }

    QString token = positional.first();
    if (token == u"-") {
        if (!in) {
            return usageError(err, tr("there is no standard input to read the token from"));
        }
        token = QString::fromUtf8(in->readAll());
    }

    const JwtDecoding decoding = JwtInspector::decode(token);
    if (!decoding.isValid()) {
        write(err, tr("oauth2-playground inspect: %1\n").arg(decoding.error->message));
        return ExitMalformed;
    }

    const bool keyGiven = keyOptions == 1;
    VerificationResult verification;
    if (parser.isSet(secretOption)) {
        verification
            = JwtInspector::verifyWithSecret(decoding, parser.value(secretOption).toUtf8());
    } else if (keyGiven) {
        const QString source
            = parser.isSet(jwksOption) ? parser.value(jwksOption) : parser.value(keyOption);
        const bool isUrl = parser.isSet(jwksOption)
            && (source.startsWith(u"http://"_s, Qt::CaseInsensitive)
                || source.startsWith(u"https://"_s, Qt::CaseInsensitive));
        const KeyLoad load
            = isUrl ? keysFromUrl(QUrl(source, QUrl::StrictMode)) : keysFromFile(source);
        verification = JwtInspector::verify(decoding, load.keys.value_or(QList<VerificationKey>()));
        if (!load.keys && verification.status == VerificationResult::NoKey) {
            verification.reason = load.error;
        }
    } else {
        verification = JwtInspector::verify(decoding, QList<VerificationKey>());
        if (verification.status == VerificationResult::NoKey) {
            verification.reason = tr("no key was given (--jwks, --key or --secret), so the "
                                     "signature was not checked");
        }
    }

    const TimeReport times = JwtInspector::timeReport(decoding.claims, now);
    JsonObjectWriter signature;
    signature.add(u"alg", decoding.alg)
        .add(u"verified", verification.isVerified())
        .add(u"status", VerificationResult::statusName(verification.status));
    if (!verification.keyId.isEmpty()) {
        signature.add(u"kid", verification.keyId);
    }
    signature.add(u"reason", verification.reason);
    if (!verification.warnings.isEmpty()) {
        signature.add(u"warnings", verification.warnings);
    }

    JsonObjectWriter result;
    result.addRaw(u"header", JsonText::compact(decoding.headerJson))
        .addRaw(u"claims", JsonText::compact(decoding.payloadJson))
        .addRaw(u"signature", signature.toJson())
        .addRaw(u"validity", validityJson(times, now));
    const QStringList warnings = decoding.warnings + times.warnings;
    if (!warnings.isEmpty()) {
        result.add(u"warnings", warnings);
    }
    write(out, JsonText::pretty(result.toJson()).text + u'\n');

    if (keyGiven && !verification.isVerified()) {
        write(err, tr("oauth2-playground inspect: not verified: %1\n").arg(verification.reason));
        return ExitNotVerified;
    }
    return ExitDecoded;
}

int runInspect(const QStringList &arguments)
{
    QFile out;
    QFile err;
    QFile in;
    out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered);
    in.open(stdin, QIODevice::ReadOnly);
    return runInspect(arguments, &out, &err, &in);
}

int runInspectCommand(int &argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"oauth2-playground"_s);
    QCoreApplication::setApplicationName(u"oauth2-playground"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PLAYGROUND_VERSION));
    return runInspect(QCoreApplication::arguments().mid(2));
}
