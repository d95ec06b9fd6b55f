// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "theme.h"
#include "workspace.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
namespace Ui {
class ServerPage;
}

// The embedded server at a glance: its state, issuer and endpoint URLs (each copyable), the
// signing key, and the listening settings with validation at the field.
class ServerPage : public QWidget
{
    Q_OBJECT
public:
    explicit ServerPage(Workspace *workspace, QWidget *parent = nullptr);
    ~ServerPage() override;

    // The listening settings form differs from what the server runs with.
    bool hasUnsavedChanges() const;
    // Applies the form (false, with the reason at the field, when it cannot).
    bool saveChanges();
    void discardChanges();

Q_SIGNALS:
    // A short confirmation for the status bar ("Copied ...").
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshState();
    void refreshEndpoints();
    void refreshKey();
    void loadSettings();
    ServerSettings formSettings() const;
    void refreshSettingsMessages();
    void showMessage(QLabel *label, const QString &text, Theme::Tone tone);
    void copy(const QLineEdit *lineEdit, const QString &what);
    void alignColumns();
    void applyFonts();
    QWidget *fieldWidget(Workspace::SettingsField field) const;

    std::unique_ptr<Ui::ServerPage> m_ui;
    Workspace *m_workspace;
    // The last Apply's failure (a port in use), shown at its field until that field changes.
    QString m_applyError;
    Workspace::SettingsField m_applyErrorField = Workspace::SettingsField::None;
    ServerSettings m_applyErrorSettings;
    // What the form was filled with: edits are measured against it, so a change made elsewhere
    // (an import) replaces an untouched form but never the user's typing.
    ServerSettings m_loadedSettings;
};
