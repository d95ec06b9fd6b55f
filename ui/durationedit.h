// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QSpinBox;
class QToolButton;

// A duration in whole seconds, edited as a number and a unit, with one-click presets.
// setSeconds() picks the largest unit that shows the value exactly (14400 -> 4 hours); changing
// the unit keeps the number, so "5" + "hours" reads as what it means.
class DurationEdit : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(qint64 seconds READ seconds WRITE setSeconds NOTIFY secondsChanged USER true)
public:
    enum class Unit { Seconds, Minutes, Hours, Days };
    Q_ENUM(Unit)

    explicit DurationEdit(QWidget *parent = nullptr);

    qint64 seconds() const;
    void setSeconds(qint64 seconds);

    Unit unit() const;
    int value() const;

    static qint64 secondsPer(Unit unit);
    // The largest unit that divides seconds exactly (seconds for 0).
    static Unit bestUnit(qint64 seconds);
    // "4 hours", "90 seconds", "1 day".
    static QString format(qint64 seconds);

    // The spin box: the field a form label's buddy and the tab order point at.
    QSpinBox *spinBox() const { return m_spinBox; }

Q_SIGNALS:
    void secondsChanged(qint64 seconds);

protected:
    void changeEvent(QEvent *event) override;

private:
    void addPreset(qint64 seconds, const QString &text, const QString &toolTip);
    void setUnitAndValue(Unit unit, int value);
    void emitIfChanged();
    void updatePresetButtons();
    void retranslateUnits();

    QSpinBox *m_spinBox;
    QComboBox *m_unitComboBox;
    QList<std::pair<QToolButton *, qint64>> m_presets;
    qint64 m_lastEmitted = -1;
    bool m_updating = false;
};
