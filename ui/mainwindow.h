// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QString>

#include <functional>
#include <memory>

class QLabel;
class Workspace;
class QMessageBox;
namespace Ui {
class MainWindow;
}

// The window: a sidebar of pages (Server, Clients, Scopes, Inspector, Traffic, Composer, Tokens,
// Sequence, Users), the menus, a status bar that always shows whether the server runs, and a banner
// for problems that must not go unnoticed (a save that failed). Remembers its geometry and the last
// page.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(Workspace *workspace, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The page's key ("server", "clients", "scopes", "inspector", "traffic", "composer", "tokens",
    // "sequence", "users").
    QString currentPage() const;
    void showPage(const QString &key);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Page
    {
        QString key;
        QString iconName;
        QWidget *widget = nullptr;
        std::function<bool()> hasUnsavedChanges;
        std::function<bool()> saveChanges;
        std::function<void()> discardChanges;
    };

    template<class PageWidget>
    void addPage(const QString &key, const QString &title, const QString &iconName,
        const QString &toolTip, PageWidget *widget);
    // Asks what to do with unsaved page edits before closing, importing...: true when that may
    // go ahead (saved or discarded), false when the user cancelled or a save failed.
    bool resolveUnsavedChanges(const QString &question);

    void refreshServerState();
    // "preselected": the file the dialog starts on (the configuration kept aside at start-up).
    void importConfiguration(const QString &preselected = QString());
    void exportConfiguration();
    void openConfigurationFolder();
    void copyToClipboard(const QString &text, const QString &what);
    void showAbout();
    QMessageBox *showWarning(const QString &title, const QString &text);
    // Every page's and the window's news: the status bar, for StatusMessageTimeout.
    void showStatus(const QString &message);
    void showBanner(const QString &message);
    void refreshBannerColours();
    void restoreWindowState();
    void saveWindowState() const;
    QString lastDirectory() const;
    void setLastDirectory(const QString &filePath) const;

    std::unique_ptr<Ui::MainWindow> m_ui;
    Workspace *m_workspace;
    QList<Page> m_pages;
    QLabel *m_stateLabel = nullptr;
    bool m_bannerIsSaveFailure = false;
    bool m_shown = false;
};
