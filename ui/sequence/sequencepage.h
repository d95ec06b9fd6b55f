// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sequenceflows.h"

#include <QWidget>

#include <functional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTimer;
class SequenceDiagramView;
class TrafficModel;

// The Sequence page: the traffic log's exchanges grouped into flows (SequenceFlows::group), one
// flow drawn as a sequence diagram; an arrow's request or response (masked, as the traffic log
// keeps it) with the server's explanation below; export as SVG, PNG or Mermaid text. It follows
// the traffic model, regrouping at most a few times a second.
class SequencePage : public QWidget
{
    Q_OBJECT
public:
    explicit SequencePage(TrafficModel *traffic, QWidget *parent = nullptr);

    bool hasUnsavedChanges() const { return false; }
    bool saveChanges() { return true; }
    void discardChanges() { }

    const QList<SequenceFlow> &flows() const { return m_flows; }
    // The flow shown, or null when there is none.
    const SequenceFlow *currentFlow() const;
    SequenceDiagramView *diagramView() const { return m_view; }
    // Regroups now (the page does it shortly after the traffic changes).
    void regroup();

    // Exports of the current flow; false with a status message when there is none or the file
    // cannot be written.
    bool exportSvg(const QString &path);
    bool exportPng(const QString &path);
    bool exportMermaid(const QString &path);

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    bool exportCurrent(const QString &path,
        const std::function<bool(const SequenceFlow &, QString *)> &write, const QString &done);
    void showFlow(int row);
    void showArrow(int index);
    // Narrows the flow list when the diagram would scroll sideways.
    void fitDiagram();
    QString askPath(const QString &title, const QString &suffix, const QString &filter);

    TrafficModel *m_traffic;
    QList<SequenceFlow> m_flows;
    QString m_currentKey;
    QListWidget *m_flowList;
    QScrollArea *m_scroll;
    QSplitter *m_split = nullptr;
    SequenceDiagramView *m_view;
    QLabel *m_emptyLabel;
    QLabel *m_detailTitle;
    QLabel *m_explanation;
    QPlainTextEdit *m_detail;
    QPushButton *m_svgButton;
    QPushButton *m_pngButton;
    QPushButton *m_mermaidButton;
    QPushButton *m_copyMermaidButton;
    QTimer *m_regroupTimer;
    bool m_stale = false; // the traffic changed while the page was hidden
};
