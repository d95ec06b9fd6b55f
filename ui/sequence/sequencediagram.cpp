// SPDX-License-Identifier: GPL-3.0-or-later
#include "sequencediagram.h"

#include "theme.h"

#include <QFontMetricsF>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qreal Margin = 16;
constexpr qreal BoxPadding = 10;
constexpr qreal MinColumnGap = 140;
constexpr qreal ArrowHead = 7;

} // namespace

SequenceDiagram::SequenceDiagram(const SequenceFlow &flow, const QFont &font) : m_font(font)
{
    const QFontMetricsF metrics(font);
    const qreal line = metrics.height();
    const QList<ExchangeRecord::Party> parties = SequenceFlows::participants(flow);

    // Labels decide how far apart two neighbouring lifelines must be.
    QList<qreal> gaps(std::max<qsizetype>(0, parties.size() - 1), MinColumnGap);
    const auto column = [&parties](ExchangeRecord::Party party) {
        return int(parties.indexOf(party));
    };
    for (int i = 0; i < flow.exchanges.size(); ++i) {
        const ExchangeRecord &record = flow.exchanges.at(i);
        const int a = column(record.from);
        const int b = column(record.to);
        if (a < 0 || b < 0 || a == b)
            continue;
        const qreal width = std::max(metrics.horizontalAdvance(SequenceFlows::requestLabel(record)),
                                metrics.horizontalAdvance(SequenceFlows::responseLabel(record)))
            + 2 * BoxPadding;
        // The label is spread over the lifelines it spans.
        const int lo = std::min(a, b);
        const int hi = std::max(a, b);
        const qreal each = width / (hi - lo);
        for (int g = lo; g < hi; ++g)
            gaps[g] = std::max(gaps[g], each);
    }

    qreal x = Margin;
    const qreal boxHeight = line + 2 * BoxPadding;
    for (int i = 0; i < parties.size(); ++i) {
        const QString name = SequenceFlows::partyName(parties.at(i));
        const qreal boxWidth = metrics.horizontalAdvance(name) + 2 * BoxPadding;
        qreal centre = x + boxWidth / 2;
        if (i > 0)
            centre = std::max(centre, m_columns.last().x + gaps.at(i - 1));
        m_columns.append({parties.at(i), name, centre,
            QRectF(centre - boxWidth / 2, Margin, boxWidth, boxHeight)});
        x = centre + boxWidth / 2 + Margin;
    }

    qreal y = Margin + boxHeight + line;
    const qreal step = line * 2.2;
    // In time order: a call that waited for another encloses it (SequenceFlows::messages).
    const QList<SequenceFlows::Message> order = SequenceFlows::messages(flow);
    for (int m = 0; m < order.size(); ++m) {
        const int i = order.at(m).exchange;
        const bool response = order.at(m).response;
        const ExchangeRecord &record = flow.exchanges.at(i);
        const int a = column(record.from);
        const int b = column(record.to);
        if (a < 0 || b < 0)
            continue;
        const bool error = record.status == 0 || record.status >= 400;
        const qreal fromX = m_columns.at(response ? b : a).x;
        const qreal toX = m_columns.at(response ? a : b).x;
        const QString label
            = response ? SequenceFlows::responseLabel(record) : SequenceFlows::requestLabel(record);
        y += step;
        m_messages.append({i, response, response && error, label, fromX, toX, y});
        const qreal left = std::min(fromX, toX);
        const qreal width = std::max(std::abs(toX - fromX), metrics.horizontalAdvance(label));
        m_arrows.append({i, response, QRectF(left, y - line - 4, width, line + ArrowHead + 6)});
        // A little air after an exchange's answer when the next arrow starts another one.
        const bool closes = response && (m + 1 == order.size() || !order.at(m + 1).response);
        if (closes)
            y += line * 0.6;
    }
    m_lifelineBottom = y + line;
    const qreal right
        = m_columns.isEmpty() ? Margin : std::max(m_columns.last().box.right(), x - Margin);
    m_size = QSizeF(right + Margin, m_lifelineBottom + Margin);
}

int SequenceDiagram::arrowAt(const QPointF &point) const
{
    for (int i = 0; i < m_arrows.size(); ++i) {
        if (m_arrows.at(i).hitRect.contains(point))
            return i;
    }
    return -1;
}

void SequenceDiagram::paint(QPainter *painter, const QPalette &palette, int selected) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(m_font);
    const QColor background = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    const QColor box = palette.color(QPalette::Base);
    const QColor line = palette.color(QPalette::Mid);
    const QColor errorColor = Theme::color(Theme::Tone::Error, palette);
    const QColor highlight = Theme::color(Theme::Tone::Selected, palette);
    painter->fillRect(QRectF(QPointF(0, 0), m_size), background);

    // Participants and lifelines.
    for (const Column &column : m_columns) {
        painter->setPen(QPen(line, 1, Qt::DashLine));
        painter->drawLine(
            QPointF(column.x, column.box.bottom()), QPointF(column.x, m_lifelineBottom));
        painter->setPen(QPen(text, 1));
        painter->setBrush(box);
        painter->drawRoundedRect(column.box, 4, 4);
        painter->drawText(column.box, Qt::AlignCenter, column.name);
    }

    const QFontMetricsF metrics(m_font);
    for (int i = 0; i < m_messages.size(); ++i) {
        const Message &message = m_messages.at(i);
        const QColor colour = i == selected ? highlight : message.error ? errorColor : text;
        QPen pen(colour, i == selected ? 2 : 1.2, message.response ? Qt::DashLine : Qt::SolidLine);
        painter->setPen(pen);
        const qreal direction = message.toX >= message.fromX ? 1 : -1;
        painter->drawLine(QPointF(message.fromX, message.y), QPointF(message.toX, message.y));
        QPainterPath head;
        head.moveTo(message.toX, message.y);
        head.lineTo(message.toX - direction * ArrowHead * 1.4, message.y - ArrowHead / 1.6);
        head.lineTo(message.toX - direction * ArrowHead * 1.4, message.y + ArrowHead / 1.6);
        head.closeSubpath();
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPath(head);
        painter->setPen(colour);
        const qreal left = std::min(message.fromX, message.toX);
        const qreal span = std::abs(message.toX - message.fromX);
        const qreal width = metrics.horizontalAdvance(message.label);
        const QPointF at(left + (span - width) / 2, message.y - metrics.descent() - 4);
        painter->drawText(at, message.label);
    }
    painter->restore();
}

qreal SequenceDiagram::participantsHeight() const
{
    qreal bottom = 0;
    for (const Column &column : m_columns)
        bottom = std::max(bottom, column.box.bottom());
    return m_columns.isEmpty() ? 0 : bottom + m_columns.first().box.top();
}

void SequenceDiagram::paintParticipants(QPainter *painter, const QPalette &palette, qreal top) const
{
    if (m_columns.isEmpty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(m_font);
    const qreal height = participantsHeight();
    painter->fillRect(QRectF(0, top, m_size.width(), height), palette.color(QPalette::Window));
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->drawLine(QPointF(0, top + height - 0.5), QPointF(m_size.width(), top + height - 0.5));
    for (const Column &column : m_columns) {
        painter->setPen(QPen(palette.color(QPalette::WindowText), 1));
        painter->setBrush(palette.color(QPalette::Base));
        const QRectF box = column.box.translated(0, top);
        painter->drawRoundedRect(box, 4, 4);
        painter->drawText(box, Qt::AlignCenter, column.name);
    }
    painter->restore();
}

bool SequenceDiagram::exportSvg(const QString &path, const QPalette &palette, QString *error) const
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(m_size.toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), m_size));
    generator.setTitle(u"Sequence diagram"_s);
    generator.setDescription(u"Exported by OAuth2 Playground"_s);
    QPainter painter;
    if (!painter.begin(&generator)) {
        if (error)
            *error = QObject::tr("%1 cannot be written").arg(path);
        return false;
    }
    paint(&painter, palette);
    return painter.end();
}

bool SequenceDiagram::exportPng(const QString &path, const QPalette &palette, QString *error) const
{
    // Twice the size: sharp on a high-density screen and in a slide.
    constexpr qreal Scale = 2;
    QImage image((m_size * Scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(Scale);
    QPainter painter(&image);
    paint(&painter, palette);
    painter.end();
    if (image.save(path, "PNG"))
        return true;
    if (error)
        *error = QObject::tr("%1 cannot be written").arg(path);
    return false;
}

SequenceDiagramView::SequenceDiagramView(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Sequence diagram"));
}

void SequenceDiagramView::setFlow(const SequenceFlow &flow)
{
    m_flow = flow;
    m_diagram = SequenceDiagram(m_flow, font());
    m_selected = -1;
    updateGeometry();
    resize(sizeHint());
    update();
}

void SequenceDiagramView::selectArrow(int index)
{
    if (index < -1 || index >= m_diagram.arrows().size())
        index = -1;
    if (index == m_selected)
        return;
    m_selected = index;
    update();
    Q_EMIT arrowSelected(index);
}

QSize SequenceDiagramView::sizeHint() const
{
    return m_diagram.size().toSize().expandedTo(QSize(200, 100));
}

int SequenceDiagramView::pinnedTop() const
{
    return std::max(0, visibleRegion().boundingRect().top());
}

void SequenceDiagramView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    m_diagram.paint(&painter, palette(), m_selected);
    // Scrolled down, the participants stay at the top of what is visible (the scroll area
    // repaints the whole view when it scrolls: sequencepage.cpp).
    if (const int top = pinnedTop(); top > 0)
        m_diagram.paintParticipants(&painter, palette(), top);
}

void SequenceDiagramView::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    // A click on the pinned participants is not a click on the arrows they cover.
    const int top = pinnedTop();
    if (top > 0 && event->position().y() < top + m_diagram.participantsHeight())
        return;
    selectArrow(m_diagram.arrowAt(event->position()));
}

void SequenceDiagramView::keyPressEvent(QKeyEvent *event)
{
    const int count = int(m_diagram.arrows().size());
    if (count == 0)
        return QWidget::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Down:
        selectArrow(m_selected < 0 ? 0 : std::min(m_selected + 1, count - 1));
        return;
    case Qt::Key_Up:
        selectArrow(m_selected < 0 ? count - 1 : std::max(m_selected - 1, 0));
        return;
    case Qt::Key_Home:
        selectArrow(0);
        return;
    case Qt::Key_End:
        selectArrow(count - 1);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void SequenceDiagramView::changeEvent(QEvent *event)
{
    // A new palette or font (light/dark, a larger system font) lays the diagram out again.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        const int selected = m_selected;
        m_diagram = SequenceDiagram(m_flow, font());
        m_selected = selected < m_diagram.arrows().size() ? selected : -1;
        updateGeometry();
        resize(sizeHint());
        update();
    }
    QWidget::changeEvent(event);
}
