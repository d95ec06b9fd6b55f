// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

// Turns SIGINT and SIGTERM (Ctrl+C / console close on Windows) into a Qt signal delivered on the
// main thread, so the server shuts down through the event loop rather than from a signal handler.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);
};
