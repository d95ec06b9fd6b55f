// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include "http/authorizationserver.h"
#include "http/resourceserver.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/configfile.h"
#include "store/keystore.h"
#include "store/registry.h"
#include "store/tokenstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QThreadPool>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcWorkspace, "playground.workspace", QtInfoMsg)

namespace {

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

bool listensDifferently(const ServerSettings &a, const ServerSettings &b)
{
    return a.port != b.port || a.bindAddress != b.bindAddress;
}

// The loader's own check of one server setting, so the form and the file can never disagree:
// the settings go through ConfigurationJson::fromJson with everything else at its default.
QString loaderProblem(const ServerSettings &settings, QLatin1StringView member)
{
    Configuration probe;
    probe.server = settings;
    const Expected<Configuration, QString> loaded
        = ConfigurationJson::fromJson(ConfigurationJson::toJson(probe));
    if (loaded)
        return {};
    const QString &error = loaded.error();
    const QString prefix = u"server."_s + member + u": "_s;
    return error.startsWith(prefix) ? error.mid(prefix.size()) : error;
}

QString describeKey(const Key &key)
{
    // The algorithms the server signs with for each key type (RFC 7518 §3.1).
    switch (key.type()) {
    case Key::Type::Rsa:
        return u"RS256, RSA %1"_s.arg(key.bits());
    case Key::Type::Ec:
        return u"ES%1, EC P-%2"_s.arg(key.bits() == 521 ? 512 : key.bits()).arg(key.bits());
    case Key::Type::Ed25519:
        return u"EdDSA, Ed25519"_s;
    case Key::Type::Oct:
    case Key::Type::None:
        break;
    }
    return {};
}

} // namespace

Workspace::Workspace(const QString &configPath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_file(std::make_unique<ConfigFile>(QDir::cleanPath(QDir::current().absoluteFilePath(
          configPath.isEmpty() ? ConfigFile::defaultPath() : configPath))))
    , m_io(std::make_unique<QThreadPool>())
    , m_saveGeneration(std::make_shared<std::atomic<quint64>>(0))
{
    m_io->setMaxThreadCount(1);
    m_io->setObjectName(u"workspace-io"_s);
}

TokenStore *Workspace::tokenStore() const
{
    return m_server ? m_server->tokenStore() : nullptr;
}

Workspace::~Workspace()
{
    // Saves still queued are the user's last edits: finish them. Results queued back to this
    // object are dropped with it.
    m_io->waitForDone();
    m_resourceServer.reset();
    m_server.reset();
}

Workspace::OpenResult Workspace::open(const SettingsOverrides &overrides)
{
    Q_ASSERT(!m_registry);
    m_overrides = overrides;

    const ConfigFile::LoadResult loaded = m_file->load();
    OpenResult result = OpenResult::Loaded;
    switch (loaded.status) {
    case ConfigFile::Status::Loaded:
        break;
    case ConfigFile::Status::Missing:
        result = OpenResult::Created;
        break;
    case ConfigFile::Status::Invalid: {
        const QString aside = m_file->setAside();
        if (aside.isEmpty()) {
            // Saving now would replace the only copy of the user's data.
            result = OpenResult::SetAsideFailed;
            m_saveEnabled = false;
            m_openMessage = tr("The configuration file %1 could not be read: %2. It could not be "
                               "renamed to keep it aside either, so the app started with the "
                               "default settings and will not save any change during this run. "
                               "Use File > Export Configuration to keep your changes.")
                                .arg(nativePath(m_file->path()), loaded.error);
        } else {
            result = OpenResult::SetAside;
            m_setAsidePath = aside;
            m_openMessage = tr("The configuration file %1 could not be read: %2. It was kept as "
                               "%3 and the app started with the default settings. To get it "
                               "back, fix that file and load it with File > Import "
                               "Configuration.")
                                .arg(nativePath(m_file->path()), loaded.error, nativePath(aside));
        }
        qCWarning(lcWorkspace).noquote() << m_openMessage;
        break;
    }
    }

    m_configuration = loaded.configuration;
    Configuration live = m_configuration;
    live.server = effectiveSettings();
    // No key yet: the server starts once it is loaded, so no request sees the null key.
    m_registry = std::make_unique<Registry>(live, Key());
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), m_clock);
    QString tokenError;
    m_tokens = TokenStore::open(
        m_file->tokenStorePath(), m_clock.currentMSecsSinceEpoch() / 1000, &tokenError);
    if (!m_tokens) {
        qCWarning(lcWorkspace).noquote() << tr("%1: %2; issued tokens are kept in memory only")
                                                .arg(m_file->tokenStorePath(), tokenError);
    }
    m_server->setTokenStore(m_tokens.get());
    connect(
        m_server.get(), &AuthorizationServer::exchangeRecorded, this, &Workspace::exchangeRecorded);
    connect(m_server.get(), &AuthorizationServer::listeningChanged, this,
        &Workspace::serverStateChanged);
    m_resourceServer = std::make_unique<ResourceServer>(m_registry.get(), m_clock);
    m_resourceServer->setAuthorizationServer(m_server.get());
    connect(m_resourceServer.get(), &ResourceServer::exchangeRecorded, this,
        &Workspace::exchangeRecorded);
    connect(m_resourceServer.get(), &ResourceServer::listeningChanged, this,
        &Workspace::serverStateChanged);

    if (result == OpenResult::Created || result == OpenResult::SetAside)
        scheduleSave();

    const KeyStore keys(m_file->keyDirectory());
    m_keyPath = keys.activeKeyPath();
    m_keyLoading = true;
    m_wantRunning = true;
    // RSA generation takes up to a second on the first run: never on the GUI thread.
    runInBackground([this, keys] {
        QString error;
        const Key key = keys.loadOrCreate(&error);
        QMetaObject::invokeMethod(
            this, [this, key, error] { onKeyLoaded(key, error); }, Qt::QueuedConnection);
    });
    return result;
}

void Workspace::onKeyLoaded(const Key &key, const QString &error)
{
    m_keyLoading = false;
    if (key.isNull()) {
        m_keyError = tr("The signing key could not be loaded: %1. The server answers, but it "
                        "cannot issue tokens until this is fixed and the app restarted.")
                         .arg(error);
        qCWarning(lcWorkspace).noquote() << m_keyError;
        Q_EMIT keyFailed(m_keyError);
    } else {
        m_keyReady = true;
        m_keyId = key.thumbprint();
        m_keyDescription = describeKey(key);
        m_registry->setSigningKey(key);
        Q_EMIT keyReady();
    }
    if (m_wantRunning)
        startServer();
    else
        Q_EMIT serverStateChanged();
}

QString Workspace::configPath() const
{
    return m_file->path();
}

void Workspace::setConfiguration(const Configuration &configuration)
{
    if (!m_registry)
        return;
    applyConfiguration(configuration, nullptr);
}

bool Workspace::applyConfiguration(const Configuration &configuration, QString *rebindError)
{
    m_configuration = configuration;
    const ServerSettings after = effectiveSettings();

    // Compared with what the listener was asked for, so port 0 stays "any port", not a rebind.
    bool rebound = true;
    if (m_server->isListening() && listensDifferently(m_server->settings(), after)) {
        QString error;
        rebound = rebind(after, &error);
        if (!rebound) {
            m_serverError
                = tr("%1 The server keeps running on port %2.").arg(error).arg(boundPort());
            if (rebindError)
                *rebindError = m_serverError;
        }
    }

    Configuration live = m_configuration;
    live.server = after;
    m_registry->setConfiguration(live);
    Q_EMIT configurationChanged();
    Q_EMIT serverStateChanged(); // the issuer may have changed
    scheduleSave();
    return rebound;
}

ServerSettings Workspace::effectiveSettings() const
{
    return m_overrides.applyTo(m_configuration.server);
}

Workspace::ServerState Workspace::serverState() const
{
    if (m_server && m_server->isListening())
        return ServerState::Running;
    if (m_wantRunning && m_keyLoading)
        return ServerState::Starting;
    return ServerState::Stopped;
}

quint16 Workspace::boundPort() const
{
    return m_server ? m_server->port() : 0;
}

Workspace::Endpoints Workspace::endpoints() const
{
    const ServerSettings settings = effectiveSettings();
    const quint16 port = boundPort() != 0 ? boundPort() : settings.port;
    ServerSettings root = settings;
    root.contextPath.clear();

    Endpoints endpoints;
    endpoints.issuer = settings.issuer(port);
    endpoints.token = endpoints.issuer + u"/oauth2/token"_s;
    endpoints.jwkSet = endpoints.issuer + u"/oauth2/jwks"_s;
    // RFC 8414 §3: the well-known segment goes between the host and the issuer's path.
    endpoints.metadata
        = root.issuer(port) + u"/.well-known/oauth-authorization-server"_s + settings.contextPath;
    endpoints.springMetadata = endpoints.issuer + u"/.well-known/oauth-authorization-server"_s;
    return endpoints;
}

QString Workspace::keyId() const
{
    return m_keyId;
}

QString Workspace::keyPath() const
{
    return m_keyPath;
}

bool Workspace::startServer(QString *error)
{
    if (!m_server)
        return false;
    m_wantRunning = true;
    if (m_keyLoading || m_server->isListening()) {
        // Starting: onKeyLoaded() calls back here.
        Q_EMIT serverStateChanged();
        return true;
    }
    QString message;
    const bool ok = m_server->start(effectiveSettings(), &message);
    m_serverError = ok ? QString() : message;
    if (error)
        *error = message;
    if (ok && m_configuration.resourceServer.enabled && !m_resourceServer->isListening())
        startResourceServer();
    Q_EMIT serverStateChanged();
    return ok;
}

bool Workspace::startResourceServer(QString *error)
{
    if (!m_resourceServer)
        return false;
    if (m_resourceServer->isListening())
        return true;
    QString message;
    const bool ok
        = m_resourceServer->start(m_overrides.applyTo(m_configuration.resourceServer), &message);
    m_resourceServerError = ok ? QString() : message;
    if (error)
        *error = message;
    Q_EMIT serverStateChanged();
    return ok;
}

bool Workspace::applyResourceServerSettings(const ResourceServerSettings &settings, QString *error)
{
    if (!m_resourceServer)
        return false;
    const ResourceServerSettings current = m_overrides.applyTo(m_configuration.resourceServer);
    const bool rebind
        = settings.port != current.port || settings.bindAddress != current.bindAddress;
    if (m_resourceServer->isListening() && rebind) {
        // The new listener is bound before the old one goes, so a failure leaves it serving.
        QString message;
        if (!m_resourceServer->start(settings, &message)) {
            if (error)
                *error = tr("%1 The resource server keeps running on port %2.")
                             .arg(message)
                             .arg(m_resourceServer->port());
            return false;
        }
    }
    m_overrides.resourcePort.reset();
    m_resourceServerError.clear();
    Configuration next = m_configuration;
    next.resourceServer = settings;
    applyConfiguration(next, nullptr);
    Q_EMIT serverStateChanged();
    return true;
}

void Workspace::stopResourceServer()
{
    if (!m_resourceServer)
        return;
    m_resourceServerError.clear();
    m_resourceServer->stop();
    Q_EMIT serverStateChanged();
}

void Workspace::stopServer()
{
    if (!m_server)
        return;
    m_wantRunning = false;
    m_serverError.clear();
    m_resourceServer->stop();
    m_server->stop();
    Q_EMIT serverStateChanged();
}

bool Workspace::restartServer(QString *error)
{
    if (!m_server)
        return false;
    // Stop first: a new listener on the same port cannot bind while the old one holds it.
    m_server->stop();
    return startServer(error);
}

bool Workspace::rebind(const ServerSettings &next, QString *error)
{
    const ServerSettings running = m_server->settings();
    if (m_server->start(next, error))
        return true;
    // Same port, another address (127.0.0.1 -> 0.0.0.0): Linux refuses the wildcard bind while
    // the specific one listens, so release the port, and take it back if the new bind fails.
    if (next.port != 0 && next.port == m_server->port()) {
        m_server->stop();
        if (m_server->start(next, error))
            return true;
        QString ignored;
        m_server->start(running, &ignored);
    }
    return false;
}

bool Workspace::applyServerSettings(
    const ServerSettings &settings, QString *error, SettingsField *field)
{
    auto fail = [&](SettingsField which, const QString &message) {
        if (error)
            *error = message;
        if (field)
            *field = which;
        return false;
    };
    if (!m_server)
        return fail(SettingsField::None, tr("The configuration is not open."));
    if (const QList<SettingsProblem> problems = validateServerSettings(settings);
        !problems.isEmpty()) {
        return fail(problems.constFirst().field, problems.constFirst().message);
    }

    const ServerSettings current = effectiveSettings();
    const bool portChanged = settings.port != current.port;
    if (m_server->isListening() && listensDifferently(m_server->settings(), settings)) {
        QString bindError;
        if (!rebind(settings, &bindError)) {
            return fail(portChanged ? SettingsField::Port : SettingsField::BindAddress,
                tr("%1 The server keeps running on port %2.").arg(bindError).arg(boundPort()));
        }
    } else if (!m_server->isListening() && m_wantRunning && !m_keyLoading) {
        // It failed to start with the old settings (say, the port was taken): these may work.
        QString startError;
        if (!m_server->start(settings, &startError)) {
            return fail(portChanged ? SettingsField::Port : SettingsField::BindAddress, startError);
        }
    }

    m_overrides = {};
    m_serverError.clear();
    Configuration next = m_configuration;
    next.server = settings;
    applyConfiguration(next, nullptr);
    return true;
}

QList<Workspace::SettingsProblem> Workspace::validateServerSettings(const ServerSettings &settings)
{
    // One field at a time, the others at their defaults, so each gets its own message.
    QList<SettingsProblem> problems;
    const ServerSettings defaults;
    auto check = [&](SettingsField field, QLatin1StringView member, auto set) {
        ServerSettings probe = defaults;
        set(probe);
        if (QString message = loaderProblem(probe, member); !message.isEmpty())
            problems.append({field, message});
    };
    check(SettingsField::BindAddress, "bindAddress"_L1,
        [&](ServerSettings &s) { s.bindAddress = settings.bindAddress; });
    check(SettingsField::Port, "port"_L1, [&](ServerSettings &s) { s.port = settings.port; });
    check(SettingsField::ContextPath, "contextPath"_L1,
        [&](ServerSettings &s) { s.contextPath = settings.contextPath; });
    check(SettingsField::HostName, "hostName"_L1,
        [&](ServerSettings &s) { s.hostName = settings.hostName; });
    return problems;
}

void Workspace::scheduleSave()
{
    if (!m_saveEnabled)
        return;
    const quint64 generation = ++*m_saveGeneration;
    runInBackground([this, generation, latest = m_saveGeneration, file = *m_file,
                        configuration = m_configuration] {
        // Saves run in order on one thread: when a newer one is queued, it writes this state's
        // successor, so this one can be skipped.
        if (latest->load() != generation)
            return;
        QString error;
        if (file.save(configuration, &error)) {
            QMetaObject::invokeMethod(
                this, [this] { Q_EMIT saved(); }, Qt::QueuedConnection);
            return;
        }
        const QString message = tr("Your changes could not be saved to %1: %2. They apply to the "
                                   "running server, but will be lost when the app closes.")
                                    .arg(nativePath(file.path()), error);
        QMetaObject::invokeMethod(
            this, [this, message] { Q_EMIT saveFailed(message); }, Qt::QueuedConnection);
    });
}

void Workspace::importFrom(const QString &path)
{
    runInBackground([this, path] {
        const ConfigFile::LoadResult loaded = ConfigFile(path).load();
        std::optional<Configuration> configuration;
        QString error;
        switch (loaded.status) {
        case ConfigFile::Status::Loaded:
            configuration = loaded.configuration;
            break;
        case ConfigFile::Status::Missing:
            error = tr("%1 does not exist. Nothing was changed.").arg(nativePath(path));
            break;
        case ConfigFile::Status::Invalid:
            error = tr("%1 could not be imported: %2. Nothing was changed.")
                        .arg(nativePath(path), loaded.error);
            break;
        }
        QMetaObject::invokeMethod(
            this, [this, path, configuration, error] { finishImport(path, configuration, error); },
            Qt::QueuedConnection);
    });
}

void Workspace::finishImport(
    const QString &path, const std::optional<Configuration> &configuration, const QString &error)
{
    if (!configuration || !m_registry) {
        Q_EMIT importFinished(false, error);
        return;
    }
    QString rebindError;
    applyConfiguration(*configuration, &rebindError);
    const qsizetype clients = configuration->clients.size();
    const qsizetype scopes = configuration->scopes.size();
    // Spelt out: without a translation loaded, "%n client(s)" would stay as written.
    QString message
        = tr("Imported %1 and %2 from %3.")
              .arg(clients == 1 ? tr("1 client") : tr("%1 clients").arg(clients),
                  scopes == 1 ? tr("1 scope") : tr("%1 scopes").arg(scopes), nativePath(path));
    if (!rebindError.isEmpty())
        message += u' ' + rebindError;
    Q_EMIT importFinished(true, message);
}

void Workspace::exportTo(const QString &path)
{
    runInBackground([this, path, configuration = m_configuration] {
        QString error;
        // The very document --config reads, written the way the app saves its own.
        const bool ok = ConfigFile(path).save(configuration, &error);
        const QString message = ok
            ? tr("Exported the configuration to %1.").arg(nativePath(path))
            : tr("Could not export the configuration to %1: %2").arg(nativePath(path), error);
        QMetaObject::invokeMethod(
            this, [this, ok, message] { Q_EMIT exportFinished(ok, message); },
            Qt::QueuedConnection);
    });
}

void Workspace::waitForBackgroundWork()
{
    // A background result comes back to this thread and may queue more work (an import queues
    // a save, whose result comes back too): three rounds cover the longest such chain.
    for (int round = 0; round < 3; ++round) {
        m_io->waitForDone();
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
    m_io->waitForDone();
}

void Workspace::runInBackground(std::function<void()> task)
{
    m_io->start(std::move(task));
}
