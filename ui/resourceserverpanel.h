// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/resourceserversettings.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class Workspace;

// The Server page's part for the sample resource server: whether it runs and where (copyable),
// start and stop on its own, and its settings: port, how it validates tokens (with what each
// mode means for a revoked JWT) and the scope each route of the API needs. Apply saves them;
// a port in use is a message under the form and the running server keeps its port.
class ResourceServerPanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit ResourceServerPanel(Workspace *workspace, QWidget *parent = nullptr);

    bool hasUnsavedChanges() const;
    bool saveChanges();
    void discardChanges();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refreshState();
    void loadSettings();
    void refreshScopeChoices();
    void refreshExplanation();
    ResourceServerSettings formSettings() const;

    Workspace *m_workspace;
    QLabel *m_stateLabel;
    QLineEdit *m_urlLineEdit;
    QPushButton *m_startStopButton;
    QSpinBox *m_portSpinBox;
    QComboBox *m_validationComboBox;
    QLabel *m_validationExplanation;
    QList<QComboBox *> m_scopeComboBoxes; // one per route, in routeScopes order
    QLabel *m_messageLabel;
    QPushButton *m_applyButton;
    QPushButton *m_revertButton;
    ResourceServerSettings m_loaded;
};
