// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenspage.h"

#include "store/clock.h"
#include "tokenlistmodel.h"
#include "workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

TokensPage::TokensPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_model(new TokenListModel(workspace->clock(), this))
    , m_proxy(new TokenFilterModel(m_model, this))
    , m_filter(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_revokeButton(new QPushButton(tr("&Revoke"), this))
    , m_introspectButton(new QPushButton(tr("I&ntrospect"), this))
    , m_inspectButton(new QPushButton(tr("Open in &inspector"), this))
    , m_timer(new QTimer(this))
{
    m_filter->setObjectName(u"tokenFilterLineEdit"_s);
    m_filter->setPlaceholderText(tr("Filter by client, subject, scope, format or status"));
    m_filter->setClearButtonEnabled(true);
    m_table->setObjectName(u"tokensTableView"_s);
    m_filter->setAccessibleName(tr("Filter tokens"));
    m_table->setAccessibleName(tr("Issued tokens"));
    m_revokeButton->setObjectName(u"revokeTokenButton"_s);
    m_inspectButton->setObjectName(u"openInInspectorButton"_s);
    m_introspectButton->setObjectName(u"introspectTokenButton"_s);
    m_introspectButton->setToolTip(
        tr("Ask the server about the token (RFC 7662) from the Composer, as the client it was "
           "issued to; the exchange shows in the Traffic log"));
    m_filter->setAccessibleName(tr("Filter tokens"));

    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_filter, 1);
    buttons->addWidget(m_revokeButton);
    buttons->addWidget(m_introspectButton);
    buttons->addWidget(m_inspectButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    // Said once, above an empty table, until the first token arrives.
    m_emptyLabel = new QLabel(tr("No tokens issued yet. Every token the server issues appears "
                                 "here; send a token request from the Composer to see one."),
        this);
    m_emptyLabel->setObjectName(u"emptyLabel"_s);
    m_emptyLabel->setWordWrap(true);
    layout->addWidget(m_emptyLabel);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
        [this](const QString &text) { m_proxy->setNeedle(text.trimmed()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &TokensPage::updateButtons);
    connect(m_revokeButton, &QPushButton::clicked, this, [this] {
        const QString token = selectedToken();
        if (token.isEmpty() || !m_model->store())
            return;
        m_model->store()->revoke(token, m_workspace->clock().currentMSecsSinceEpoch() / 1000);
        m_model->tick();
        m_model->reload();
        updateButtons();
    });
    connect(m_introspectButton, &QPushButton::clicked, this, [this] {
        const QString token = selectedToken();
        if (!token.isEmpty())
            Q_EMIT tokenToIntrospect(token, selectedClientId());
    });
    connect(m_inspectButton, &QPushButton::clicked, this, [this] {
        const QString token = selectedToken();
        if (!token.isEmpty())
            Q_EMIT tokenToInspect(token);
    });
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &TokensPage::refresh);
    m_timer->start();
    refresh();
    updateButtons();
}

void TokensPage::refresh()
{
    TokenStore *store = m_workspace->tokenStore();
    if (store != m_model->store()) {
        m_model->setStore(store);
        m_lastSize = store ? store->size() : -1;
    } else if (store && store->size() != m_lastSize) {
        m_lastSize = store->size();
        m_model->reload();
    } else {
        m_model->tick();
    }
    m_emptyLabel->setVisible(m_model->rowCount() == 0);
    updateButtons();
}

QString TokensPage::selectedToken() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return rows.first().data(TokenListModel::TokenValueRole).toString();
}

QString TokensPage::selectedClientId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return m_model->tokenAt(m_proxy->mapToSource(rows.first()).row()).clientId;
}

void TokensPage::updateButtons()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool selected = !rows.isEmpty();
    m_inspectButton->setEnabled(selected);
    m_introspectButton->setEnabled(selected);
    m_revokeButton->setEnabled(
        selected && rows.first().data(TokenListModel::IsActiveRole).toBool());
}
