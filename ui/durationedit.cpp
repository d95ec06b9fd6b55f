// SPDX-License-Identifier: GPL-3.0-or-later
#include "durationedit.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int MaxValue = 999999;
constexpr DurationEdit::Unit Units[] = {DurationEdit::Unit::Seconds, DurationEdit::Unit::Minutes,
    DurationEdit::Unit::Hours, DurationEdit::Unit::Days};

} // namespace

DurationEdit::DurationEdit(QWidget *parent)
    : QWidget(parent), m_spinBox(new QSpinBox(this)), m_unitComboBox(new QComboBox(this))
{
    m_spinBox->setObjectName(u"valueSpinBox"_s);
    m_unitComboBox->setObjectName(u"unitComboBox"_s);
    m_unitComboBox->setAccessibleName(tr("Unit"));

    // The range is wider than any valid lifetime on purpose: the form shows the limit as a
    // message instead of silently clamping what the user typed.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_spinBox->setRange(0, MaxValue);
    m_spinBox->setAccelerated(true);
    m_spinBox->setAlignment(Qt::AlignRight);
    for (const Unit unit : Units)
        m_unitComboBox->addItem(QString(), QVariant::fromValue(unit));
    retranslateUnits();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_spinBox);
    layout->addWidget(m_unitComboBox);
    layout->addSpacing(style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing) * 2);
    addPreset(
        5 * 60, tr("5 min"), tr("5 minutes, the default lifetime of Spring Authorization Server"));
    addPreset(60 * 60, tr("1 h"), tr("1 hour"));
    addPreset(4 * 60 * 60, tr("4 h"), tr("4 hours, the lifetime of the seed's sample client"));
    layout->addStretch(1);

    setFocusProxy(m_spinBox);
    setTabOrder(m_spinBox, m_unitComboBox);
    QWidget *previous = m_unitComboBox;
    for (const auto &[button, seconds] : std::as_const(m_presets)) {
        setTabOrder(previous, button);
        previous = button;
    }

    connect(m_spinBox, &QSpinBox::valueChanged, this, &DurationEdit::emitIfChanged);
    connect(m_unitComboBox, &QComboBox::currentIndexChanged, this, &DurationEdit::emitIfChanged);
    setSeconds(300);
}

void DurationEdit::addPreset(qint64 seconds, const QString &text, const QString &toolTip)
{
    auto *button = new QToolButton(this);
    button->setObjectName(u"preset%1ToolButton"_s.arg(seconds));
    button->setText(text);
    button->setToolTip(toolTip);
    button->setCheckable(true);
    button->setAutoRaise(false);
    // Tool buttons take no tab focus by default; these are the quickest way to set a lifetime.
    button->setFocusPolicy(Qt::StrongFocus);
    connect(button, &QToolButton::clicked, this, [this, seconds] {
        setSeconds(seconds);
        updatePresetButtons(); // a click on the checked preset must leave it checked
    });
    layout()->addWidget(button);
    m_presets.append({button, seconds});
}

qint64 DurationEdit::secondsPer(Unit unit)
{
    switch (unit) {
    case Unit::Seconds:
        return 1;
    case Unit::Minutes:
        return 60;
    case Unit::Hours:
        return 60 * 60;
    case Unit::Days:
        return 24 * 60 * 60;
    }
    return 1;
}

DurationEdit::Unit DurationEdit::bestUnit(qint64 seconds)
{
    if (seconds <= 0)
        return Unit::Seconds;
    for (auto it = std::rbegin(Units); it != std::rend(Units); ++it) {
        if (seconds % secondsPer(*it) == 0 && seconds / secondsPer(*it) <= MaxValue)
            return *it;
    }
    return Unit::Seconds;
}

QString DurationEdit::format(qint64 seconds)
{
    const Unit unit = bestUnit(seconds);
    const int n = int(seconds / secondsPer(unit));
    // Spelled out rather than tr("%n ...(s)"): without a loaded translation Qt would show "(s)".
    switch (unit) {
    case Unit::Seconds:
        return n == 1 ? tr("1 second") : tr("%1 seconds").arg(n);
    case Unit::Minutes:
        return n == 1 ? tr("1 minute") : tr("%1 minutes").arg(n);
    case Unit::Hours:
        return n == 1 ? tr("1 hour") : tr("%1 hours").arg(n);
    case Unit::Days:
        return n == 1 ? tr("1 day") : tr("%1 days").arg(n);
    }
    return {};
}

qint64 DurationEdit::seconds() const
{
    return qint64(m_spinBox->value()) * secondsPer(unit());
}

void DurationEdit::setSeconds(qint64 seconds)
{
    seconds = std::clamp<qint64>(seconds, 0, qint64(MaxValue) * secondsPer(Unit::Days));
    const Unit unit = bestUnit(seconds);
    setUnitAndValue(unit, int(std::min<qint64>(seconds / secondsPer(unit), MaxValue)));
}

DurationEdit::Unit DurationEdit::unit() const
{
    return m_unitComboBox->currentData().value<Unit>();
}

int DurationEdit::value() const
{
    return m_spinBox->value();
}

void DurationEdit::setUnitAndValue(Unit unit, int value)
{
    m_updating = true;
    m_unitComboBox->setCurrentIndex(m_unitComboBox->findData(QVariant::fromValue(unit)));
    m_spinBox->setValue(value);
    m_updating = false;
    emitIfChanged();
}

void DurationEdit::emitIfChanged()
{
    if (m_updating)
        return;
    updatePresetButtons();
    const qint64 now = seconds();
    if (now == m_lastEmitted)
        return;
    m_lastEmitted = now;
    Q_EMIT secondsChanged(now);
}

void DurationEdit::updatePresetButtons()
{
    const qint64 now = seconds();
    for (const auto &[button, presetSeconds] : std::as_const(m_presets))
        button->setChecked(presetSeconds == now);
}

void DurationEdit::retranslateUnits()
{
    const QStringList names = {tr("seconds"), tr("minutes"), tr("hours"), tr("days")};
    for (int i = 0; i < m_unitComboBox->count(); ++i)
        m_unitComboBox->setItemText(i, names.value(i));
}

void DurationEdit::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUnits();
    QWidget::changeEvent(event);
}
