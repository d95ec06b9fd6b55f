// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"
#include "headless.h"
#include "inspectcommand.h"

#include <QCoreApplication>

#ifdef PLAYGROUND_HAS_WINDOW
#include "mainwindow.h"
#include "theme.h"
#include "workspace.h"

#include "store/clock.h"

#include <QApplication>
#endif

#include <cstdio>
#include <optional>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

// The executable is a GUI-subsystem program on Windows (no console window behind the app), so
// the command-line modes borrow the console of the shell that started them, if any. Output that
// is already redirected (a file, a pipe, QProcess) is left as it is.
void attachParentConsole()
{
#ifdef Q_OS_WIN
    const bool redirected = GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)) != FILE_TYPE_UNKNOWN;
    if (!redirected && AttachConsole(ATTACH_PARENT_PROCESS)) {
        FILE *stream = nullptr;
        freopen_s(&stream, "CONOUT$", "w", stdout);
        freopen_s(&stream, "CONOUT$", "w", stderr);
    }
#endif
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"oauth2-playground"_s);
    QCoreApplication::setApplicationName(u"oauth2-playground"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PLAYGROUND_VERSION));
}

#ifdef PLAYGROUND_HAS_WINDOW
// On X11/Wayland systems a window needs a display; elsewhere (Windows, macOS) there always is
// one. QT_QPA_PLATFORM set (offscreen, vnc...) or Qt's -platform option means the caller chose
// where the window goes.
bool hasDisplay(const QStringList &arguments)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS) && !defined(Q_OS_ANDROID)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || arguments.contains(u"-platform"_s)
        || arguments.contains(u"--platform"_s);
#else
    Q_UNUSED(arguments);
    return true;
#endif
}

int runWindow(const CommandLine &commandLine)
{
    QApplication::setApplicationDisplayName(u"OAuth2 Playground"_s);
    // The .desktop file's ID (resources/linux): Wayland matches the window to it for the icon.
    QGuiApplication::setDesktopFileName(u"io.github.oauth2playground.OAuth2Playground"_s);
    QApplication::setWindowIcon(Theme::appIcon());

    Workspace workspace(commandLine.configPath, Clock::system());
    workspace.open(commandLine.overrides);
    MainWindow window(&workspace);
    window.show();
    return QApplication::exec();
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    // "inspect" is a command of its own, with its own options.
    if (argc > 1 && qstrcmp(argv[1], "inspect") == 0) {
        attachParentConsole();
        return runInspectCommand(argc, argv);
    }

    setApplicationIdentity();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    CommandLine commandLine = CommandLine::parse(arguments);

#ifdef PLAYGROUND_HAS_WINDOW
    // The window takes Qt's own options (-platform xcb, -style Fusion, -reverse...) first:
    // QApplication removes those it knows from argv, and what is left is parsed strictly again.
    // Headless mode, help and version never see a QApplication.
    std::optional<QApplication> app;
    if (commandLine.mode == CommandLine::Mode::Error && !arguments.contains(u"--headless"_s)
        && hasDisplay(arguments)) {
        app.emplace(argc, argv);
        setApplicationIdentity();
        commandLine = CommandLine::parse(QCoreApplication::arguments());
    }
#endif

    if (commandLine.mode != CommandLine::Mode::Window)
        attachParentConsole();

    switch (commandLine.mode) {
    case CommandLine::Mode::Help:
        print(stdout, commandLine.helpText);
        return 0;
    case CommandLine::Mode::Version:
        print(stdout, u"oauth2-playground %1\n"_s.arg(QStringLiteral(PLAYGROUND_VERSION)));
        return 0;
    case CommandLine::Mode::Error:
        print(stderr,
            u"oauth2-playground: %1\nTry 'oauth2-playground --help'.\n"_s.arg(
                commandLine.errorText));
        return 64; // EX_USAGE
    case CommandLine::Mode::Window:
#ifdef PLAYGROUND_HAS_WINDOW
        if (app || hasDisplay(arguments)) {
            if (!app) {
                app.emplace(argc, argv);
                setApplicationIdentity();
            }
            return runWindow(commandLine);
        }
        print(stderr,
            u"oauth2-playground: no display (DISPLAY and WAYLAND_DISPLAY are unset); running the "
            "server headless. Use --headless to silence this note.\n"_s);
#else
        print(stderr, u"oauth2-playground: built without the window; running headless.\n"_s);
#endif
        break;
    case CommandLine::Mode::Headless:
        break;
    }

    QCoreApplication coreApplication(argc, argv);
    setApplicationIdentity();
    return runHeadless(commandLine);
}
