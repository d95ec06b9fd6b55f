// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/exchangerecord.h"
#include "oauth/secretmasking.h"

#include <QList>
#include <QWidget>

#include <memory>

class QModelIndex;
class TrafficFilterModel;
class TrafficModel;
class Workspace;
namespace Ui {
class TrafficPage;
}

// Every exchange the embedded server handles, whoever sent it: a filterable table, and for the
// selected one the raw request (secrets masked as recorded), how the server read it and the raw
// response. Exports what it shows as HAR.
class TrafficPage : public QWidget
{
    Q_OBJECT
public:
    explicit TrafficPage(Workspace *workspace, QWidget *parent = nullptr);
    ~TrafficPage() override;

    bool hasUnsavedChanges() const { return false; }
    bool saveChanges() { return true; }
    void discardChanges() { }

    TrafficModel *model() const { return m_model; }
    // Writes the exchanges the filter shows as HAR 1.2: credentials masked, and the responses'
    // tokens too unless "Include tokens" is ticked. false and *error when the file cannot be
    // written.
    bool exportHar(const QString &path, QString *error = nullptr) const;
    // The same in the background, as the Export HAR button does once a file is chosen: says
    // statusMessage() when written, shows a warning when not.
    void exportHarInBackground(const QString &path);
    static bool writeHar(const QList<ExchangeRecord> &records, const QString &path,
        SecretMasking::Tokens tokens, QString *error = nullptr);

Q_SIGNALS:
    void tokenToInspect(const QString &token);
    // What just happened, for the window's status bar (the one place such news goes).
    void statusMessage(const QString &message);

private:
    void showExchange(const QModelIndex &proxyIndex);
    QList<ExchangeRecord> shownRecords() const;
    SecretMasking::Tokens exportedTokens() const;
    void updateCount();
    void exportHarInteractively();

    std::unique_ptr<Ui::TrafficPage> m_ui;
    Workspace *m_workspace;
    TrafficModel *m_model;
    TrafficFilterModel *m_proxy;
    QString m_shownToken;
};
