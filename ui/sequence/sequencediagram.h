// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sequenceflows.h"

#include <QFont>
#include <QList>
#include <QPalette>
#include <QRectF>
#include <QSizeF>
#include <QWidget>

class QPainter;

// The geometry and the drawing of one flow as a sequence diagram: a box per participant with
// its lifeline, then per exchange a solid request arrow and a dashed response arrow, labelled,
// top to bottom in time order (SequenceFlows::messages: a call that waited for another encloses
// its arrows). One painting routine serves the screen, SVG and PNG.
class SequenceDiagram
{
public:
    struct Arrow
    {
        int exchange; // index in the flow's exchanges
        bool response;
        QRectF hitRect; // the arrow and its label, for clicks
    };

    SequenceDiagram() = default;
    SequenceDiagram(const SequenceFlow &flow, const QFont &font);

    QSizeF size() const { return m_size; }
    const QList<Arrow> &arrows() const { return m_arrows; }
    // The arrow under a point, or -1.
    int arrowAt(const QPointF &point) const;

    // Draws with the palette's colours (window background, text, a red tone for error
    // responses); selected: the arrow to highlight, or -1.
    void paint(QPainter *painter, const QPalette &palette, int selected = -1) const;

    // Draws the participants' boxes again with their strip of background, "top" down from where
    // paint() put them: a view scrolled down keeps them in sight.
    void paintParticipants(QPainter *painter, const QPalette &palette, qreal top) const;
    // The height of that strip: the boxes and the margin above and below them.
    qreal participantsHeight() const;

    // Writes the diagram as SVG or PNG; an error message when the file cannot be written.
    bool exportSvg(const QString &path, const QPalette &palette, QString *error) const;
    bool exportPng(const QString &path, const QPalette &palette, QString *error) const;

private:
    struct Column
    {
        ExchangeRecord::Party party;
        QString name;
        qreal x; // lifeline centre
        QRectF box;
    };
    struct Message
    {
        int exchange;
        bool response;
        bool error;
        QString label;
        qreal fromX;
        qreal toX;
        qreal y;
    };

    QFont m_font;
    QList<Column> m_columns;
    QList<Message> m_messages;
    QList<Arrow> m_arrows;
    QSizeF m_size;
    qreal m_lifelineBottom = 0;
};

// The diagram on screen: click or use the arrow keys to select an arrow.
class SequenceDiagramView : public QWidget
{
    Q_OBJECT
public:
    explicit SequenceDiagramView(QWidget *parent = nullptr);

    void setFlow(const SequenceFlow &flow);
    const SequenceDiagram &diagram() const { return m_diagram; }
    int selectedArrow() const { return m_selected; }
    void selectArrow(int index); // -1: none

    QSize sizeHint() const override;

Q_SIGNALS:
    void arrowSelected(int index); // index in diagram().arrows(), or -1

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int pinnedTop() const; // where the participants are drawn: the visible part's top

    SequenceFlow m_flow;
    SequenceDiagram m_diagram;
    int m_selected = -1;
};
