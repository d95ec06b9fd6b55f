// SPDX-License-Identifier: GPL-3.0-or-later
#include "sequencepage.h"

#include "sequencediagram.h"
#include "theme.h"
#include "trafficmodel.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>
#include <QtMath>

using namespace Qt::Literals::StringLiterals;

namespace {

// Regrouping reads every row of the traffic log: at most this often while exchanges arrive.
constexpr int RegroupDelayMsecs = 250;

} // namespace

SequencePage::SequencePage(TrafficModel *traffic, QWidget *parent)
    : QWidget(parent)
    , m_traffic(traffic)
    , m_flowList(new QListWidget(this))
    , m_scroll(new QScrollArea(this))
    , m_view(new SequenceDiagramView)
    , m_emptyLabel(new QLabel(this))
    , m_detailTitle(new QLabel(this))
    , m_explanation(new QLabel(this))
    , m_detail(new QPlainTextEdit(this))
    , m_svgButton(new QPushButton(tr("Export S&VG…"), this))
    , m_pngButton(new QPushButton(tr("Export &PNG…"), this))
    , m_mermaidButton(new QPushButton(tr("Save &Mermaid…"), this))
    , m_copyMermaidButton(new QPushButton(tr("&Copy Mermaid"), this))
    , m_regroupTimer(new QTimer(this))
{
    m_flowList->setObjectName(u"flowListWidget"_s);
    m_view->setObjectName(u"sequenceDiagramView"_s);
    m_detail->setObjectName(u"exchangeDetailTextEdit"_s);
    m_emptyLabel->setObjectName(u"emptyLabel"_s);
    m_svgButton->setObjectName(u"exportSvgButton"_s);
    m_pngButton->setObjectName(u"exportPngButton"_s);
    m_mermaidButton->setObjectName(u"saveMermaidButton"_s);
    m_copyMermaidButton->setObjectName(u"copyMermaidButton"_s);

    auto *flowsLabel = new QLabel(tr("Fl&ows"), this);
    flowsLabel->setBuddy(m_flowList);
    m_flowList->setMinimumWidth(fontMetrics().averageCharWidth() * 20);
    // A title wraps, so the client and the token's id both show (elided in the middle, at
    // 1440x900 it kept neither); the whole title is also the item's tooltip.
    m_flowList->setWordWrap(true);
    m_flowList->setTextElideMode(Qt::ElideRight);
    m_flowList->setResizeMode(QListView::Adjust);
    m_flowList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_emptyLabel->setText(tr("No exchanges yet. Every flow the server sees is drawn here: send a "
                             "token request from the Composer, then introspect or revoke the "
                             "token, and its flow appears."));
    m_emptyLabel->setWordWrap(true);
    Theme::setTone(m_emptyLabel, Theme::Tone::Muted);

    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(false);
    m_scroll->setBackgroundRole(QPalette::Window);
    m_scroll->setFocusProxy(m_view);
    // The participants are pinned to the top of the visible part: a scroll repaints all of it
    // rather than moving the pixels already drawn.
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, m_view,
        qOverload<>(&QWidget::update));

    m_detailTitle->setText(tr("Click an arrow (or select one with the arrow keys) to see its "
                              "request or response."));
    m_detailTitle->setWordWrap(true);
    m_explanation->setWordWrap(true);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::setTone(m_explanation, Theme::Tone::Muted);
    m_detail->setReadOnly(true);
    m_detail->setAccessibleName(tr("Request or response of the selected arrow"));
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(flowsLabel);
    leftLayout->addWidget(m_flowList, 1);

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(m_explanation);
    detailLayout->addWidget(m_detail, 1);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_scroll);
    right->addWidget(detail);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    right->setChildrenCollapsible(false);
    // The diagram first: the detail's text box would otherwise take most of the height.
    right->setSizes({700, 300});

    auto *split = m_split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_emptyLabel, 1);
    buttons->addStretch();
    for (QPushButton *button : {m_svgButton, m_pngButton, m_mermaidButton, m_copyMermaidButton})
        buttons->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    m_regroupTimer->setSingleShot(true);
    m_regroupTimer->setInterval(RegroupDelayMsecs);
    connect(m_regroupTimer, &QTimer::timeout, this, &SequencePage::regroup);
    // Hidden, the page only notes that the traffic changed and regroups when shown: regrouping
    // reads every row of the traffic log, work nobody sees while another page is on show.
    const auto later = [this] {
        if (!isVisible())
            m_stale = true;
        else if (!m_regroupTimer->isActive())
            m_regroupTimer->start();
    };
    connect(m_traffic, &QAbstractItemModel::rowsInserted, this, later);
    connect(m_traffic, &QAbstractItemModel::rowsRemoved, this, later);
    connect(m_traffic, &QAbstractItemModel::modelReset, this, later);

    connect(m_flowList, &QListWidget::currentRowChanged, this, &SequencePage::showFlow);
    connect(m_view, &SequenceDiagramView::arrowSelected, this, &SequencePage::showArrow);
    connect(m_svgButton, &QPushButton::clicked, this, [this] {
        const QString path = askPath(tr("Export the Flow as SVG"), u"svg"_s, tr("SVG (*.svg)"));
        if (!path.isEmpty())
            exportSvg(path);
    });
    connect(m_pngButton, &QPushButton::clicked, this, [this] {
        const QString path = askPath(tr("Export the Flow as PNG"), u"png"_s, tr("PNG (*.png)"));
        if (!path.isEmpty())
            exportPng(path);
    });
    connect(m_mermaidButton, &QPushButton::clicked, this, [this] {
        const QString path = askPath(
            tr("Save the Flow as Mermaid"), u"mmd"_s, tr("Mermaid (*.mmd *.md);;Text (*.txt)"));
        if (!path.isEmpty())
            exportMermaid(path);
    });
    connect(m_copyMermaidButton, &QPushButton::clicked, this, [this] {
        if (const SequenceFlow *flow = currentFlow()) {
            QGuiApplication::clipboard()->setText(SequenceFlows::toMermaid(*flow));
            Q_EMIT statusMessage(tr("Copied the flow as Mermaid text."));
        }
    });
    regroup();
}

const SequenceFlow *SequencePage::currentFlow() const
{
    const int row = m_flowList->currentRow();
    return row >= 0 && row < m_flows.size() ? &m_flows.at(row) : nullptr;
}

void SequencePage::regroup()
{
    QList<ExchangeRecord> records;
    records.reserve(m_traffic->rowCount());
    for (int row = 0; row < m_traffic->rowCount(); ++row)
        records.append(m_traffic->recordAt(row));
    m_flows = SequenceFlows::group(std::move(records));

    // The flow on show stays on show (and keeps its selected arrow when it did not change).
    const QString keep = m_currentKey;
    const SequenceFlow *before = currentFlow();
    const qsizetype beforeCount = before ? before->exchanges.size() : -1;
    const int selectedArrow = m_view->selectedArrow();
    {
        const QSignalBlocker blocker(m_flowList);
        m_flowList->clear();
        for (const SequenceFlow &flow : std::as_const(m_flows)) {
            auto *item = new QListWidgetItem(flow.title(), m_flowList);
            item->setToolTip(flow.title());
        }
    }
    int row = -1;
    for (int i = 0; i < m_flows.size(); ++i) {
        if (m_flows.at(i).key == keep)
            row = i;
    }
    if (row < 0 && !m_flows.isEmpty())
        row = int(m_flows.size()) - 1; // the newest flow
    {
        const QSignalBlocker blocker(m_flowList);
        m_flowList->setCurrentRow(row);
    }
    const bool same = row >= 0 && m_flows.at(row).key == keep
        && m_flows.at(row).exchanges.size() == beforeCount;
    if (!same)
        showFlow(row);
    else if (selectedArrow >= 0)
        m_view->selectArrow(selectedArrow);

    const bool empty = m_flows.isEmpty();
    m_emptyLabel->setVisible(empty);
    for (QPushButton *button : {m_svgButton, m_pngButton, m_mermaidButton, m_copyMermaidButton})
        button->setEnabled(!empty);
}

void SequencePage::showFlow(int row)
{
    const SequenceFlow *flow = row >= 0 && row < m_flows.size() ? &m_flows.at(row) : nullptr;
    m_currentKey = flow ? flow->key : QString();
    m_view->setFlow(flow ? *flow : SequenceFlow());
    showArrow(-1);
    QTimer::singleShot(0, this, &SequencePage::fitDiagram);
}

void SequencePage::fitDiagram()
{
    // The list gives up width (down to its minimum) before the diagram scrolls sideways: at
    // 1280x720 with a 12 pt font the authorization server's lifeline was out of view.
    const QList<int> sizes = m_split->sizes();
    if (sizes.size() != 2 || !isVisible())
        return;
    const int needed = qCeil(m_view->diagram().size().width())
        + m_scroll->verticalScrollBar()->sizeHint().width() + 2 * m_scroll->frameWidth();
    const int missing = needed - sizes.at(1);
    const int spare = sizes.at(0) - m_flowList->minimumWidth();
    if (missing <= 0 || spare <= 0)
        return;
    const int moved = std::min(missing, spare);
    m_split->setSizes({sizes.at(0) - moved, sizes.at(1) + moved});
}

void SequencePage::showArrow(int index)
{
    const SequenceFlow *flow = currentFlow();
    const QList<SequenceDiagram::Arrow> &arrows = m_view->diagram().arrows();
    if (!flow || index < 0 || index >= arrows.size()) {
        m_detailTitle->setText(tr("Click an arrow (or select one with the arrow keys) to see "
                                  "its request or response."));
        m_explanation->clear();
        m_explanation->hide();
        m_detail->clear();
        return;
    }
    const SequenceDiagram::Arrow &arrow = arrows.at(index);
    const ExchangeRecord &record = flow->exchanges.at(arrow.exchange);
    const QString who = SequenceFlows::partyName(arrow.response ? record.to : record.from);
    const QString to = SequenceFlows::partyName(arrow.response ? record.from : record.to);
    m_detailTitle->setText(arrow.response
            ? tr("Response from the %1 to the %2: %3")
                  .arg(who.toLower(), to.toLower(), SequenceFlows::responseLabel(record))
            : tr("Request from the %1 to the %2: %3")
                  .arg(who.toLower(), to.toLower(), SequenceFlows::requestLabel(record)));
    m_explanation->setText(record.decision.reason);
    m_explanation->setVisible(!record.decision.reason.isEmpty());
    // As the traffic log keeps them: credentials masked.
    m_detail->setPlainText(
        QString::fromUtf8(arrow.response ? record.rawResponse : record.rawRequest));
    // Clear of the participants pinned above it.
    m_scroll->ensureVisible(int(arrow.hitRect.center().x()), int(arrow.hitRect.center().y()), 50,
        int(m_view->diagram().participantsHeight()) + 8);
}

QString SequencePage::askPath(const QString &title, const QString &suffix, const QString &filter)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString path = QFileDialog::getSaveFileName(
        this, title, QDir(folder).filePath(u"oauth2-flow."_s + suffix), filter);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += u'.' + suffix;
    return path;
}

void SequencePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_stale, false))
        regroup();
    QTimer::singleShot(0, this, &SequencePage::fitDiagram);
}

bool SequencePage::exportCurrent(const QString &path,
    const std::function<bool(const SequenceFlow &, QString *)> &write, const QString &done)
{
    const SequenceFlow *flow = currentFlow();
    if (!flow) {
        Q_EMIT statusMessage(tr("No flow to export."));
        return false;
    }
    QString error;
    const bool ok = write(*flow, &error);
    Q_EMIT statusMessage(ok ? done.arg(QDir::toNativeSeparators(path)) : error);
    return ok;
}

bool SequencePage::exportSvg(const QString &path)
{
    return exportCurrent(
        path,
        [this, &path](const SequenceFlow &, QString *error) {
            return m_view->diagram().exportSvg(path, palette(), error);
        },
        tr("Exported the flow to %1."));
}

bool SequencePage::exportPng(const QString &path)
{
    return exportCurrent(
        path,
        [this, &path](const SequenceFlow &, QString *error) {
            return m_view->diagram().exportPng(path, palette(), error);
        },
        tr("Exported the flow to %1."));
}

bool SequencePage::exportMermaid(const QString &path)
{
    return exportCurrent(
        path,
        [&path](const SequenceFlow &flow, QString *error) {
            QSaveFile file(path);
            const QByteArray text = SequenceFlows::toMermaid(flow).toUtf8();
            if (file.open(QIODevice::WriteOnly) && file.write(text) == text.size() && file.commit())
                return true;
            *error = tr("%1 cannot be written: %2").arg(path, file.errorString());
            return false;
        },
        tr("Saved the flow as Mermaid to %1."));
}
