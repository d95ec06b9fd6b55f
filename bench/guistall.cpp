// SPDX-License-Identifier: GPL-3.0-or-later
// Measures how long the window's event loop can be kept from running while the embedded server
// is under load: a 1 ms timer notes the longest gap between two of its ticks. Not a test; run by
// bench/gui-stall.sh, which points wrk at the port printed on stdout.
//
// Usage: playground-guistall [--seconds N]   (default 12: wrk's 10 s plus start-up margin)
#include "mainwindow.h"
#include "workspace.h"

#include "store/clock.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

void printLine(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"oauth2-playground-bench"_s);
    QApplication::setApplicationName(u"oauth2-playground-bench"_s);

    int seconds = 12;
    const QStringList arguments = QApplication::arguments();
    if (const qsizetype at = arguments.indexOf(u"--seconds"_s);
        at >= 0 && at + 1 < arguments.size())
        seconds = std::max(1, arguments.at(at + 1).toInt());

    // A throw-away configuration and key: the bench never touches the user's files.
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    Workspace workspace(dir.filePath(u"config.json"_s), Clock::system());
    SettingsOverrides overrides;
    overrides.port = 0;
    workspace.open(overrides);

    MainWindow window(&workspace);
    window.resize(1280, 800);
    window.show();

    // What the traffic log will do: take every exchange on the GUI thread.
    quint64 exchanges = 0;
    QObject::connect(&workspace, &Workspace::exchangeRecorded, &window,
        [&exchanges](const ExchangeRecord &) { ++exchanges; });

    QElapsedTimer clock;
    qint64 lastTick = 0;
    qint64 maxGapNs = 0;
    QList<qint64> gapsNs;
    gapsNs.reserve(seconds * 1100);
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 gap = now - lastTick;
        lastTick = now;
        maxGapNs = std::max(maxGapNs, gap);
        gapsNs.append(gap);
    });

    auto begin = [&] {
        printLine(u"port: %1"_s.arg(workspace.boundPort()));
        clock.start();
        lastTick = 0;
        ticker.start();
        QTimer::singleShot(seconds * 1000, &app, [&] {
            ticker.stop();
            std::sort(gapsNs.begin(), gapsNs.end());
            const qint64 p99 = gapsNs.isEmpty() ? 0 : gapsNs.at(gapsNs.size() * 99 / 100);
            printLine(u"max_event_loop_stall_ms: %1"_s.arg(double(maxGapNs) / 1e6, 0, 'f', 2));
            printLine(u"p99_tick_gap_ms: %1"_s.arg(double(p99) / 1e6, 0, 'f', 2));
            printLine(u"ticks: %1"_s.arg(gapsNs.size()));
            printLine(u"exchanges_delivered_to_gui: %1"_s.arg(exchanges));
            QApplication::quit();
        });
    };
    // Start measuring once the server runs and the first frame is painted: start-up is not load.
    bool scheduled = false;
    auto startWhenRunning = [&] {
        if (!scheduled && workspace.serverState() == Workspace::ServerState::Running) {
            scheduled = true;
            QTimer::singleShot(200, &app, begin);
        }
    };
    QObject::connect(&workspace, &Workspace::serverStateChanged, &app, startWhenRunning);
    startWhenRunning();
    return QApplication::exec();
}
