// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"
#include "headless.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"oauth2-playground"_s);
    QCoreApplication::setApplicationName(u"oauth2-playground"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PLAYGROUND_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    setApplicationIdentity();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const CommandLine commandLine = CommandLine::parse(arguments);

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
    case CommandLine::Mode::Headless:
        break;
    }

    // The window arrives with the ui/ library; until then every mode serves headless.
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    return runHeadless(commandLine);
}
