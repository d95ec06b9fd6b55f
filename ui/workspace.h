// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/exchangerecord.h"
#include "store/configuration.h"
#include "store/settingsoverrides.h"

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class AuthorizationServer;
class ResourceServer;
class Clock;
class ConfigFile;
class TokenStore;
class Key;
class QThreadPool;
class Registry;

// What the window works on: the configuration file, the registry the server reads, and the
// embedded server. Widgets edit through this class only; it applies every edit to the running
// server at once and saves the file on a background thread (atomic write, 0600), so the GUI
// thread never waits for the disk, key generation or the server.
class Workspace : public QObject
{
    Q_OBJECT
public:
    enum class OpenResult {
        Loaded, // the file was read
        Created, // there was no file: defaults, saved
        SetAside, // the file was invalid: renamed aside, defaults in use (message() says)
        SetAsideFailed, // invalid and could not be renamed: defaults in use, nothing is saved
    };

    enum class ServerState {
        Starting, // waiting for the signing key
        Running,
        Stopped,
    };

    // The listening settings a form edits; errors name the one they are about.
    enum class SettingsField { None, Port, BindAddress, ContextPath, HostName };
    struct SettingsProblem
    {
        SettingsField field = SettingsField::None;
        QString message;
    };

    // Every URL a client needs, built from the issuer (RFC 8414 §3 for the metadata location).
    struct Endpoints
    {
        QString issuer;
        QString token;
        QString jwkSet;
        QString metadata; // RFC 8414: /.well-known/oauth-authorization-server{contextPath}
        QString springMetadata; // Spring Authorization Server: {issuer}/.well-known/...
    };

    explicit Workspace(const QString &configPath, const Clock &clock, QObject *parent = nullptr);
    ~Workspace() override;

    // Reads the configuration (small; done before the window shows), then loads or generates
    // the signing key in the background and starts the server when it is ready
    // (serverStateChanged()). message() explains a SetAside result for a dialog.
    OpenResult open(const SettingsOverrides &overrides = {});
    QString openMessage() const { return m_openMessage; }
    // Where open() kept an unreadable configuration (SetAside), else empty.
    QString setAsidePath() const { return m_setAsidePath; }
    // false after SetAsideFailed: edits apply to the running server but are not written.
    bool isSaveEnabled() const { return m_saveEnabled; }

    QString configPath() const;
    Registry *registry() const { return m_registry.get(); }
    AuthorizationServer *server() const { return m_server.get(); }
    // The sample resource server (resourceServer settings): started and stopped with the
    // authorization server when enabled, or on its own.
    ResourceServer *resourceServer() const { return m_resourceServer.get(); }
    // The issued tokens (kept beside the configuration; in memory when the file cannot be used).
    TokenStore *tokenStore() const;
    // The clock tokens are issued with; pages read "now" from it (countdowns, validity).
    const Clock &clock() const { return m_clock; }

    // The configuration as saved (command-line overrides not applied).
    Configuration configuration() const { return m_configuration; }
    // Applies to the running server at once and saves in the background.
    void setConfiguration(const Configuration &configuration);

    // The settings the server runs with: saved settings plus overrides.
    ServerSettings effectiveSettings() const;
    bool hasOverrides() const { return !m_overrides.isEmpty(); }
    SettingsOverrides overrides() const { return m_overrides; }

    ServerState serverState() const;
    // Why the server last failed to start (empty once it runs or is stopped by the user).
    QString serverError() const { return m_serverError; }
    // The port the server listens on, 0 when stopped.
    quint16 boundPort() const;
    // URLs for the running server, or (stopped) for the effective settings.
    Endpoints endpoints() const;

    bool isKeyReady() const { return m_keyReady; }
    QString keyId() const;
    QString keyPath() const;
    // "RS256, RSA 2048": how tokens are signed.
    QString keyDescription() const { return m_keyDescription; }
    // Why the signing key could not be loaded; tokens cannot be issued then.
    QString keyError() const { return m_keyError; }

    // Start/stop/restart with the effective settings. Errors are returned, never thrown up as
    // dialogs: the caller shows them where they belong.
    bool startServer(QString *error = nullptr);
    void stopServer();
    bool restartServer(QString *error = nullptr);
    // The resource server alone, with the saved settings and --resource-port. Its failure to
    // start never stops the authorization server; resourceServerError() says why.
    bool startResourceServer(QString *error = nullptr);
    void stopResourceServer();
    QString resourceServerError() const { return m_resourceServerError; }
    // Saves new resource server settings. When it runs and the port or bind address changed,
    // it re-binds first; if that fails nothing changes and *error says why.
    bool applyResourceServerSettings(
        const ResourceServerSettings &settings, QString *error = nullptr);
    // Saves new listening settings (and drops the command-line overrides). When the port or
    // the bind address changed and the server runs, it re-binds first; if that fails nothing
    // changes, the running server keeps serving, and *error says why (*field, which setting).
    bool applyServerSettings(
        const ServerSettings &settings, QString *error = nullptr, SettingsField *field = nullptr);
    // The checks the configuration file's loader makes, one problem per invalid field.
    static QList<SettingsProblem> validateServerSettings(const ServerSettings &settings);

    // Background file operations; the result arrives as a signal.
    void importFrom(const QString &path);
    void exportTo(const QString &path);

    // Blocks until queued saves, imports and exports are done (tests, shutdown).
    void waitForBackgroundWork();

Q_SIGNALS:
    void configurationChanged();
    void serverStateChanged();
    void keyReady();
    void keyFailed(const QString &message);
    void saveFailed(const QString &message);
    void saved(); // a background save succeeded (after a failure, the warning can go)
    void importFinished(bool ok, const QString &message);
    void exportFinished(bool ok, const QString &message);
    void exchangeRecorded(const ExchangeRecord &record);

private:
    void scheduleSave();
    void onKeyLoaded(const Key &key, const QString &error);
    void finishImport(const QString &path, const std::optional<Configuration> &configuration,
        const QString &error);
    // Takes a new configuration: re-binds when the listening settings changed, updates the
    // registry, announces it and saves. false (and *rebindError) when the re-bind failed.
    bool applyConfiguration(const Configuration &configuration, QString *rebindError);
    bool rebind(const ServerSettings &next, QString *error);
    void runInBackground(std::function<void()> task);

    const Clock &m_clock;
    std::unique_ptr<ConfigFile> m_file;
    std::unique_ptr<QThreadPool> m_io; // one thread: saves happen in order
    std::unique_ptr<TokenStore> m_tokens; // before m_server, which uses it
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    std::unique_ptr<ResourceServer> m_resourceServer; // after m_server, which it asks for tokens
    Configuration m_configuration;
    SettingsOverrides m_overrides;
    QString m_openMessage;
    QString m_setAsidePath;
    QString m_serverError;
    QString m_resourceServerError;
    QString m_keyError;
    QString m_keyPath;
    QString m_keyId;
    QString m_keyDescription;
    std::shared_ptr<std::atomic<quint64>> m_saveGeneration;
    bool m_keyReady = false;
    bool m_keyLoading = false;
    bool m_wantRunning = false;
    bool m_saveEnabled = true;
};
