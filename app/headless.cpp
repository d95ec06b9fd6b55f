// SPDX-License-Identifier: GPL-3.0-or-later
#include "headless.h"

#include "commandline.h"
#include "signalwatcher.h"

#include "http/authorizationserver.h"
#include "http/resourceserver.h"
#include "store/clock.h"
#include "store/configfile.h"
#include "store/keystore.h"
#include "store/registry.h"
#include "store/tokenstore.h"

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

// The curl line for the first client (the seed's when it is there), and, when its secret is left
// out, a line that says where to find it. CI keeps stdout in its logs: only the built-in default
// secret, which the README prints anyway, is shown; any other stays in the configuration file.
QStringList tryItLines(
    const QString &tokenEndpoint, const Configuration &config, const QString &configPath)
{
    const ClientRegistration *client = config.findClient(u"service-client-jwt");
    if (!client && !config.clients.isEmpty())
        client = &config.clients.constFirst();
    if (!client)
        return {};
    const Configuration defaults = Configuration::defaults();
    const ClientRegistration *builtIn = defaults.findClient(client->clientId);
    const bool isDefaultSecret = builtIn && builtIn->clientSecret == client->clientSecret;
    const QString secret = isDefaultSecret ? client->clientSecret : u"<client-secret>"_s;
    QStringList lines {u"Try it:"_s,
        u"curl --location --request POST '%1' \\\n"
        "  --header 'Content-Type: application/x-www-form-urlencoded' \\\n"
        "  --data-urlencode 'grant_type=client_credentials' \\\n"
        "  --data-urlencode 'client_id=%2' \\\n"
        "  --data-urlencode 'client_secret=%3' \\\n"
        "  --data-urlencode 'scope=%4'"_s.arg(
            tokenEndpoint, client->clientId, secret, client->scopes.join(u' '))};
    if (!isDefaultSecret) {
        const qsizetype index = client - config.clients.constData();
        lines.append(u"(Replace <client-secret> with clients[%1].clientSecret from %2.)"_s.arg(
            QString::number(index), configPath));
    }
    return lines;
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
    configuration.resourceServer = commandLine.applyTo(configuration.resourceServer);
    Registry registry(configuration, signingKey);
    // Issued tokens outlive a restart (an opaque token stays valid); without the file they are
    // kept in memory, and the server still runs.
    QString tokenError;
    const std::unique_ptr<TokenStore> tokens = TokenStore::open(
        file.tokenStorePath(), Clock::system().currentMSecsSinceEpoch() / 1000, &tokenError);
    if (!tokens) {
        printLine(stderr,
            u"oauth2-playground: %1: %2; issued tokens are kept in memory only"_s.arg(
                file.tokenStorePath(), tokenError));
    }
    AuthorizationServer server(&registry, Clock::system());
    server.setTokenStore(tokens.get());
    QObject::connect(&server, &AuthorizationServer::exchangeRecorded, &server,
        [](const ExchangeRecord &record) { printLine(stderr, record.logLine()); });
    ResourceServer resourceServer(&registry, Clock::system());
    resourceServer.setAuthorizationServer(&server);
    QObject::connect(&resourceServer, &ResourceServer::exchangeRecorded, &resourceServer,
        [](const ExchangeRecord &record) { printLine(stderr, record.logLine()); });

    // Before the banner: a script may send SIGTERM as soon as it reads the first line.
    SignalWatcher signals;
    QObject::connect(
        &signals, &SignalWatcher::terminationRequested, &server, [&server, &resourceServer](int) {
            resourceServer.stop();
            server.stop();
            QCoreApplication::quit();
        });

    QString listenError;
    if (!server.start(configuration.server, &listenError)) {
        printLine(stderr, u"oauth2-playground: %1"_s.arg(listenError));
        return ExitCannotListen;
    }

    // The resource server is the sample API: when its port from the file is taken, the
    // authorization server still serves; a port asked for on the command line must be had.
    if (configuration.resourceServer.enabled) {
        if (!resourceServer.start(configuration.resourceServer, &listenError)) {
            if (commandLine.overrides.resourcePort) {
                printLine(stderr, u"oauth2-playground: resource server: %1"_s.arg(listenError));
                return ExitCannotListen;
            }
            printLine(stderr,
                u"oauth2-playground: the resource server is not running: %1"_s.arg(listenError));
        }
    }

    const QString issuer = server.issuer();
    const QString tokenEndpoint = issuer + u"/oauth2/token"_s;
    printLine(stdout, u"Listening on %1"_s.arg(issuer));
    if (resourceServer.isListening())
        printLine(stdout, u"Resource server: %1"_s.arg(resourceServer.baseUrl()));
    printLine(stdout, u"Token endpoint: %1"_s.arg(tokenEndpoint));
    printLine(stdout, u"JWK set:        %1/oauth2/jwks"_s.arg(issuer));
    printLine(stdout, u"Introspection:  %1/oauth2/introspect"_s.arg(issuer));
    printLine(stdout, u"Revocation:     %1/oauth2/revoke"_s.arg(issuer));
    printLine(stdout, u"Metadata:       %1/.well-known/oauth-authorization-server"_s.arg(issuer));
    printLine(stdout, u"Configuration:  %1"_s.arg(path));
    printLine(stdout,
        u"Signing key:    %1 (kid %2)"_s.arg(keys.activeKeyPath(), signingKey.thumbprint()));
    for (const QString &line : tryItLines(tokenEndpoint, configuration, path))
        printLine(stdout, line);

    const int code = QCoreApplication::exec();
    printLine(stderr, u"Stopped."_s);
    return code;
}
