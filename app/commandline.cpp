// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include "store/configfile.h"
#include <QCommandLineParser>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <type_traits>

using namespace Qt::Literals::StringLiterals;

CommandLine CommandLine::parse(const QStringList &arguments)
{
    // The name the user typed (a symlink, a renamed AppImage), not "<executable_name>", which is
    // what QCommandLineParser prints before a Q*Application exists.
    const QString program = arguments.isEmpty() || arguments.constFirst().isEmpty()
        ? u"oauth2-playground"_s
        : QFileInfo(arguments.constFirst()).fileName();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("CommandLine",
            "OAuth2 Playground: an embedded OAuth 2.0 authorization server, request composer and "
            "token inspector.\n\n"
            "Modes:\n"
            "  %1 [options]             the window (headless when there is no display)\n"
            "  %1 --headless [options]  only the authorization server, for scripts and CI\n"
            "  %1 inspect [--jwks FILE_OR_URL | --key PEM_FILE | --secret SECRET] TOKEN\n"
            "      decode and verify a JWT (%1 inspect --help for details)\n\n"
            "Configuration: %2\n"
            "  clients, scopes and server settings (--config FILE uses another file);\n"
            "  the signing key is keys/signing-key.pem in the same folder.\n\n"
            "The window also takes Qt's own options before these, such as -platform xcb or "
            "-style Fusion.")
            .arg(program, QDir::toNativeSeparators(ConfigFile::defaultPath())));
    const QCommandLineOption helpOption(
        {u"h"_s, u"help"_s}, QCoreApplication::translate("CommandLine", "Show this help."));
    const QCommandLineOption versionOption(
        {u"v"_s, u"version"_s}, QCoreApplication::translate("CommandLine", "Show the version."));
    const QCommandLineOption headlessOption(u"headless"_s,
        QCoreApplication::translate(
            "CommandLine", "Run only the authorization server, without a window."));
    const QCommandLineOption portOption(u"port"_s,
        QCoreApplication::translate(
            "CommandLine", "Port to listen on (0 picks a free one). Default: 8085."),
        u"N"_s);
    const QCommandLineOption resourcePortOption(u"resource-port"_s,
        QCoreApplication::translate("CommandLine",
            "Port of the sample resource server (0 picks a free one). Default: 8091, or a free "
            "one with --port 0."),
        u"N"_s);
    const QCommandLineOption bindOption(u"bind"_s,
        QCoreApplication::translate("CommandLine", "Address to listen on. Default: 127.0.0.1."),
        u"ADDR"_s);
    const QCommandLineOption contextOption(u"context-path"_s,
        QCoreApplication::translate(
            "CommandLine", "Path prefix of every endpoint. Default: /ms-auth-server."),
        u"P"_s);
    const QCommandLineOption idleTimeoutOption(u"idle-timeout"_s,
        QCoreApplication::translate("CommandLine",
            "Close a connection with no request in progress after MS milliseconds. "
            "Default: 60000."),
        u"MS"_s);
    const QCommandLineOption requestTimeoutOption(u"request-timeout"_s,
        QCoreApplication::translate("CommandLine",
            "Answer 408 and close when a request is not complete after MS milliseconds. "
            "Default: 10000."),
        u"MS"_s);
    const QCommandLineOption maxConnectionsOption(u"max-connections"_s,
        QCoreApplication::translate("CommandLine",
            "Most connections open at once (0: from the open-file limit). Default: 0."),
        u"N"_s);
    const QCommandLineOption configOption(u"config"_s,
        QCoreApplication::translate(
            "CommandLine", "Configuration file (created with the defaults when missing)."),
        u"FILE"_s);
    parser.addOptions({helpOption, versionOption, headlessOption, portOption, resourcePortOption,
        bindOption, contextOption, idleTimeoutOption, requestTimeoutOption, maxConnectionsOption,
        configOption});

    CommandLine result;
    result.helpText = parser.helpText();
    // QCommandLineParser names the program "<executable_name>" without a Q*Application and by
    // its whole path with one; the usage line says the name as typed.
    const qsizetype firstLineEnd = result.helpText.indexOf(u'\n');
    result.helpText.replace(0, firstLineEnd,
        QCoreApplication::translate("CommandLine", "Usage: %1 [options]").arg(program));
    if (!parser.parse(arguments)) {
        result.mode = Mode::Error;
        result.errorText = parser.errorText();
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.mode = Mode::Error;
        result.errorText = QCoreApplication::translate("CommandLine", "Unexpected argument: %1")
                               .arg(parser.positionalArguments().constFirst());
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.mode = Mode::Help;
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.mode = Mode::Version;
        return result;
    }
    result.mode = parser.isSet(headlessOption) ? Mode::Headless : Mode::Window;
    result.configPath = parser.value(configOption);
    for (const auto &[option, out] : {std::pair {&portOption, &result.overrides.port},
             std::pair {&resourcePortOption, &result.overrides.resourcePort}}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const uint port = parser.value(*option).toUInt(&ok);
        if (!ok || port > 65535) {
            result.mode = Mode::Error;
            result.errorText = QCoreApplication::translate(
                "CommandLine", "--%1: \"%2\" is not a port number (0 to 65535).")
                                   .arg(option->names().constFirst(), parser.value(*option));
            return result;
        }
        *out = quint16(port);
    }
    // The same ranges as the configuration file's server section.
    const auto integer = [&](const QCommandLineOption &option, qint64 min, qint64 max, auto *out) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < min || value > max) {
            result.mode = Mode::Error;
            result.errorText = QCoreApplication::translate(
                "CommandLine", "--%1: \"%2\" is not an integer from %3 to %4.")
                                   .arg(option.names().constFirst(), parser.value(option))
                                   .arg(min)
                                   .arg(max);
            return false;
        }
        *out = static_cast<typename std::remove_pointer_t<decltype(out)>::value_type>(value);
        return true;
    };
    if (!integer(idleTimeoutOption, ServerSettings::MinTimeoutMilliseconds,
            ServerSettings::MaxTimeoutMilliseconds, &result.overrides.idleTimeoutMilliseconds)
        || !integer(requestTimeoutOption, ServerSettings::MinTimeoutMilliseconds,
            ServerSettings::MaxTimeoutMilliseconds, &result.overrides.requestTimeoutMilliseconds)
        || !integer(maxConnectionsOption, 0, ServerSettings::MaxConnectionsLimit,
            &result.overrides.maxConnections)) {
        return result;
    }
    if (parser.isSet(bindOption))
        result.overrides.bindAddress = parser.value(bindOption);
    if (parser.isSet(contextOption)) {
        QString path = parser.value(contextOption);
        // Accept "ms-auth-server", "/ms-auth-server/" and "/" as the user means them.
        if (!path.isEmpty() && !path.startsWith(u'/'))
            path.prepend(u'/');
        while (path.endsWith(u'/'))
            path.chop(1);
        const QString problem = ConfigurationJson::validateContextPath(path);
        if (!problem.isEmpty()) {
            result.mode = Mode::Error;
            result.errorText = u"--context-path: "_s + problem;
            return result;
        }
        result.overrides.contextPath = path;
    }
    return result;
}

ServerSettings CommandLine::applyTo(ServerSettings settings) const
{
    return overrides.applyTo(std::move(settings));
}
