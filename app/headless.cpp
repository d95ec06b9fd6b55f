// SPDX-License-Identifier: GPL-3.0-or-later
#include "headless.h"

#include "commandline.h"
#include "signalwatcher.h"

#include "http/authorizationserver.h"
#include "store/clock.h"
#include "store/configfile.h"
#include "store/keystore.h"
#include "store/registry.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

void printLine(FILE *stream, const QString &line)
{
    const QByteArray bytes = line.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

QString seedCurl(const QString &tokenEndpoint, const Configuration &config)
{
    const ClientRegistration *client = config.findClient(u"service-client-jwt");
    if (!client && !config.clients.isEmpty())
        client = &config.clients.constFirst();
    if (!client)
        return {};
    return u"curl --location --request POST '%1' \\\n"
           "  --header 'Content-Type: application/x-www-form-urlencoded' \\\n"
           "  --data-urlencode 'grant_type=client_credentials' \\\n"
           "  --data-urlencode 'client_id=%2' \\\n"
           "  --data-urlencode 'client_secret=%3' \\\n"
           "  --data-urlencode 'scope=%4'"_s.arg(
               tokenEndpoint, client->clientId, client->clientSecret, client->scopes.join(u' '));
}

} // namespace

int runHeadless(const CommandLine &commandLine)
{
    const QString path = QDir::cleanPath(QDir::current().absoluteFilePath(
        commandLine.configPath.isEmpty() ? ConfigFile::defaultPath() : commandLine.configPath));
    const ConfigFile file(path);
    ConfigFile::LoadResult loaded = file.load();
    switch (loaded.status) {
    case ConfigFile::Status::Invalid:
        printLine(stderr, u"oauth2-playground: %1: %2"_s.arg(path, loaded.error));
        return ExitBadConfiguration;
    case ConfigFile::Status::Missing: {
        QString error;
        if (!file.save(loaded.configuration, &error)) {
            printLine(stderr, u"oauth2-playground: %1: cannot create: %2"_s.arg(path, error));
            return ExitBadConfiguration;
        }
        printLine(stderr, u"Created %1 with the default clients and scopes."_s.arg(path));
        break;
    }
    case ConfigFile::Status::Loaded:
        break;
    }

    const KeyStore keys(file.keyDirectory());
    QString keyError;
    const Key signingKey = keys.loadOrCreate(&keyError);
    if (signingKey.isNull()) {
        printLine(stderr, u"oauth2-playground: %1"_s.arg(keyError));
        return ExitBadConfiguration;
    }

    Configuration configuration = loaded.configuration;
    configuration.server = commandLine.applyTo(configuration.server);
    Registry registry(configuration, signingKey);
    AuthorizationServer server(&registry, Clock::system());
    QObject::connect(&server, &AuthorizationServer::exchangeRecorded, &server,
        [](const ExchangeRecord &record) { printLine(stderr, record.logLine()); });

    // Before the banner: a script may send SIGTERM as soon as it reads the first line.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &server, [&server](int) {
        server.stop();
        QCoreApplication::quit();
    });

    QString listenError;
    if (!server.start(configuration.server, &listenError)) {
        printLine(stderr, u"oauth2-playground: %1"_s.arg(listenError));
        return ExitCannotListen;
    }

    const QString issuer = server.issuer();
    const QString tokenEndpoint = issuer + u"/oauth2/token"_s;
    printLine(stdout, u"Listening on %1"_s.arg(issuer));
    printLine(stdout, u"Token endpoint: %1"_s.arg(tokenEndpoint));
    printLine(stdout, u"JWK set:        %1/oauth2/jwks"_s.arg(issuer));
    printLine(stdout, u"Metadata:       %1/.well-known/oauth-authorization-server"_s.arg(issuer));
    printLine(stdout, u"Configuration:  %1"_s.arg(path));
    printLine(stdout,
        u"Signing key:    %1 (kid %2)"_s.arg(keys.activeKeyPath(), signingKey.thumbprint()));
    const QString curl = seedCurl(tokenEndpoint, configuration);
    if (!curl.isEmpty())
        printLine(stdout, u"Try it:\n"_s + curl);

    const int code = QCoreApplication::exec();
    printLine(stderr, u"Stopped."_s);
    return code;
}
