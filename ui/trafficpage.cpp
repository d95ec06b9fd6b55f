// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficpage.h"

#include "dialogs.h"

#include "ui_trafficpage.h"

#include "theme.h"
#include "trafficmodel.h"
#include "workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QStandardPaths>
#include <QThreadPool>

using namespace Qt::Literals::StringLiterals;

namespace {

QString row(const QString &label, const QString &value, const QColor &muted)
{
    return u"<tr><td style=\"color:%1;padding-right:12px\">%2</td><td>%3</td></tr>"_s.arg(
        muted.name(), label.toHtmlEscaped(), value.toHtmlEscaped());
}

} // namespace

TrafficPage::TrafficPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TrafficPage>())
    , m_workspace(workspace)
    , m_model(new TrafficModel(this))
    , m_proxy(new TrafficFilterModel(this))
{
    m_ui->setupUi(this);
    m_proxy->setSourceModel(m_model);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->requestTextEdit->setFont(fixed);
    m_ui->responseTextEdit->setFont(fixed);
    // Token responses are one long line of JSON: wrap them rather than scroll sideways.
    for (QPlainTextEdit *edit : {m_ui->requestTextEdit, m_ui->responseTextEdit}) {
        edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        edit->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    }
    m_ui->emptyDetailLabel->setText(tr("Select an exchange to see the request, how the server "
                                       "read it, and the response."));
    Theme::setTone(m_ui->emptyDetailLabel, Theme::Tone::Muted);
    m_ui->detailStack->setCurrentWidget(m_ui->emptyDetailPage);

    QTableView *table = m_ui->trafficTableView;
    table->setModel(m_proxy);
    QHeaderView *header = table->horizontalHeader();
    const int unit = fontMetrics().averageCharWidth();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TrafficModel::PathColumn, QHeaderView::Stretch);
    table->setColumnWidth(TrafficModel::TimeColumn, unit * 15);
    table->setColumnWidth(TrafficModel::MethodColumn, unit * 9);
    table->setColumnWidth(TrafficModel::ClientColumn, unit * 26);
    table->setColumnWidth(TrafficModel::StatusColumn, unit * 8);
    table->setColumnWidth(TrafficModel::OutcomeColumn, unit * 30);
    table->setColumnWidth(TrafficModel::DurationColumn, unit * 11);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 1);
    const int line = fontMetrics().lineSpacing();
    m_ui->splitter->setSizes({line * 16, line * 18});
    m_ui->detailSplitter->setSizes({unit * 60, unit * 50, unit * 60});

    connect(m_workspace, &Workspace::exchangeRecorded, m_model, &TrafficModel::append);
    connect(m_model, &TrafficModel::rowsAppended, this, [this] {
        updateCount();
        if (m_ui->followCheckBox->isChecked())
            m_ui->trafficTableView->scrollToBottom();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TrafficPage::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TrafficPage::updateCount);
    connect(m_ui->filterLineEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setSearchText(text);
        updateCount();
    });
    connect(m_ui->statusComboBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setStatusFilter(TrafficFilterModel::StatusFilter(index));
        updateCount();
    });
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { showExchange(current); });
    connect(m_ui->clearButton, &QPushButton::clicked, m_model, &TrafficModel::clear);
    connect(m_ui->revealSecretsCheckBox, &QCheckBox::toggled, this,
        [this] { showExchange(m_ui->trafficTableView->currentIndex()); });
    connect(m_ui->exportButton, &QPushButton::clicked, this, &TrafficPage::exportHarInteractively);
    connect(m_ui->sendTokenButton, &QPushButton::clicked, this, [this] {
        if (!m_shownToken.isEmpty())
            Q_EMIT tokenToInspect(m_shownToken);
    });
    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_ui->filterLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterLineEdit->selectAll();
    });

    setFocusProxy(table);
    updateCount();
}

TrafficPage::~TrafficPage() = default;

void TrafficPage::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QString exchanges
        = total == 1 ? tr("1 exchange") : tr("%1 exchanges").arg(QLocale().toString(total));
    m_ui->countLabel->setText(
        shown == total ? exchanges : tr("%1 of %2").arg(QLocale().toString(shown), exchanges));
    m_ui->exportButton->setEnabled(shown > 0);
    m_ui->clearButton->setEnabled(total > 0);
    if (!m_ui->trafficTableView->currentIndex().isValid())
        showExchange({});
}

void TrafficPage::showExchange(const QModelIndex &proxyIndex)
{
    const QModelIndex index = m_proxy->mapToSource(proxyIndex);
    if (!index.isValid()) {
        m_shownToken.clear();
        m_ui->detailStack->setCurrentWidget(m_ui->emptyDetailPage);
        return;
    }
    const ExchangeRecord &record = m_model->recordAt(index.row());
    const bool reveal = m_ui->revealSecretsCheckBox->isChecked();
    m_ui->requestTextEdit->setPlainText(
        QString::fromUtf8(reveal ? record.revealedRequest : record.rawRequest));
    m_ui->responseTextEdit->setPlainText(QString::fromUtf8(record.rawResponse));

    const ExchangeDecision &decision = record.decision;
    const QPalette palette = m_ui->decisionBrowser->palette();
    const QColor muted = Theme::color(Theme::Tone::Muted, palette);
    const bool ok = record.status > 0 && record.status < 400;
    const QColor tone = Theme::color(ok ? Theme::Tone::Success : Theme::Tone::Error, palette);
    QString html = u"<p><b style=\"color:%1\">%2 %3</b></p>"_s.arg(
        tone.name(), QString::number(record.status), record.outcome.toHtmlEscaped());
    if (!decision.reason.isEmpty())
        html += u"<p>%1</p>"_s.arg(decision.reason.toHtmlEscaped());
    html += u"<table cellspacing=\"0\" cellpadding=\"2\">"_s;
    const auto add = [&](const QString &label, const QString &value) {
        if (!value.isEmpty())
            html += row(label, value, muted);
    };
    add(tr("Authentication"), decision.authenticationMethod);
    add(tr("Client"), decision.clientId);
    add(tr("Grant"), decision.grantType);
    add(tr("Scopes granted"), decision.grantedScopes.join(u' '));
    add(tr("Signing key"), decision.keyId);
    add(tr("Token ID (jti)"), decision.tokenId);
    add(tr("From"), record.peer);
    add(tr("Started"),
        QDateTime::fromMSecsSinceEpoch(record.startedMSecs())
            .toLocalTime()
            .toString(Qt::ISODateWithMs));
    add(tr("Duration"), index.siblingAtColumn(TrafficModel::DurationColumn).data().toString());
    html += u"</table>"_s;
    m_ui->decisionBrowser->setHtml(html);

    m_shownToken = TrafficModel::accessTokenOf(record);
    m_ui->sendTokenButton->setVisible(!m_shownToken.isEmpty());
    m_ui->detailStack->setCurrentWidget(m_ui->detailPage);
}

QList<ExchangeRecord> TrafficPage::shownRecords() const
{
    QList<ExchangeRecord> records;
    records.reserve(m_proxy->rowCount());
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        records.append(m_model->recordAt(m_proxy->mapToSource(m_proxy->index(row, 0)).row()));
    return records;
}

SecretMasking::Tokens TrafficPage::exportedTokens() const
{
    return m_ui->includeTokensCheckBox->isChecked() ? SecretMasking::Tokens::Included
                                                    : SecretMasking::Tokens::Masked;
}

bool TrafficPage::writeHar(const QList<ExchangeRecord> &records, const QString &path,
    SecretMasking::Tokens tokens, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(TrafficModel::toHar(records, tokens)) < 0
        || !file.commit()) {
        if (error)
            *error = tr("%1 could not be written: %2")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool TrafficPage::exportHar(const QString &path, QString *error) const
{
    return writeHar(shownRecords(), path, exportedTokens(), error);
}

void TrafficPage::exportHarInteractively()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export HAR"),
        QDir(folder).filePath(u"oauth2-playground.har"_s),
        tr("HTTP Archive (*.har);;All files (*)"));
    if (!path.isEmpty())
        exportHarInBackground(path);
}

void TrafficPage::exportHarInBackground(const QString &path)
{
    // Ten thousand exchanges make a HAR of many megabytes: build and write it off the GUI
    // thread. The records are implicitly shared, so the copy is cheap.
    QPointer<TrafficPage> page(this);
    QThreadPool::globalInstance()->start(
        [page, path, records = shownRecords(), tokens = exportedTokens()] {
            QString error;
            if (writeHar(records, path, tokens, &error)) {
                const int count = int(records.size());
                QMetaObject::invokeMethod(qApp, [page, path, count, tokens] {
                    if (!page)
                        return;
                    Q_EMIT page->statusMessage((tokens == SecretMasking::Tokens::Included
                            ? tr("Exported %n exchange(s) to %1 (tokens included).", nullptr, count)
                            : tr("Exported %n exchange(s) to %1.", nullptr, count))
                                                   .arg(QDir::toNativeSeparators(path)));
                });
                return;
            }
            QMetaObject::invokeMethod(qApp, [page, error] {
                if (!page)
                    return;
                auto *box = new QMessageBox(
                    QMessageBox::Warning, tr("Export Failed"), error, QMessageBox::Ok, page);
                box->setAttribute(Qt::WA_DeleteOnClose);
                Dialogs::fitTitle(box);
                box->open();
            });
        });
}
