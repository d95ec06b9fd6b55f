// SPDX-License-Identifier: GPL-3.0-or-later
#include "durationedit.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

class TestDurationEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bestUnit_data();
    void bestUnit();
    void format_data();
    void format();
    void presets_data();
    void presets();
    void presetStaysCheckedWhenClickedAgain();
    void typingAValue();
    void changingTheUnitKeepsTheNumber();
    void signalOnlyOnChange();

private:
    static QSpinBox *spinBox(DurationEdit &edit)
    {
        return edit.findChild<QSpinBox *>(u"valueSpinBox"_s);
    }
    static QComboBox *unitComboBox(DurationEdit &edit)
    {
        return edit.findChild<QComboBox *>(u"unitComboBox"_s);
    }
};

void TestDurationEdit::bestUnit_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<DurationEdit::Unit>("unit");
    QTest::addColumn<int>("value");
    QTest::newRow("zero") << qint64(0) << DurationEdit::Unit::Seconds << 0;
    QTest::newRow("90 s") << qint64(90) << DurationEdit::Unit::Seconds << 90;
    QTest::newRow("5 min") << qint64(300) << DurationEdit::Unit::Minutes << 5;
    QTest::newRow("90 min") << qint64(5400) << DurationEdit::Unit::Minutes << 90;
    QTest::newRow("4 h, the seed") << qint64(14400) << DurationEdit::Unit::Hours << 4;
    QTest::newRow("1 day") << qint64(86400) << DurationEdit::Unit::Days << 1;
    QTest::newRow("365 days") << qint64(31536000) << DurationEdit::Unit::Days << 365;
    QTest::newRow("1 day and 1 s") << qint64(86401) << DurationEdit::Unit::Seconds << 86401;
}

void TestDurationEdit::bestUnit()
{
    QFETCH(qint64, seconds);
    QFETCH(DurationEdit::Unit, unit);
    QFETCH(int, value);
    QCOMPARE(DurationEdit::bestUnit(seconds), unit);

    DurationEdit edit;
    edit.setSeconds(seconds);
    QCOMPARE(edit.seconds(), seconds);
    QCOMPARE(edit.unit(), unit);
    QCOMPARE(edit.value(), value);
    QCOMPARE(spinBox(edit)->value(), value);
    QCOMPARE(unitComboBox(edit)->currentData().value<DurationEdit::Unit>(), unit);
}

void TestDurationEdit::format_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("1 s") << qint64(1) << u"1 second"_s;
    QTest::newRow("45 s") << qint64(45) << u"45 seconds"_s;
    QTest::newRow("1 min") << qint64(60) << u"1 minute"_s;
    QTest::newRow("4 h") << qint64(14400) << u"4 hours"_s;
    QTest::newRow("2 days") << qint64(172800) << u"2 days"_s;
}

void TestDurationEdit::format()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(DurationEdit::format(seconds), text);
}

void TestDurationEdit::presets_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("unitText");
    QTest::newRow("5 min") << u"preset300ToolButton"_s << qint64(300) << u"minutes"_s;
    QTest::newRow("1 h") << u"preset3600ToolButton"_s << qint64(3600) << u"hours"_s;
    QTest::newRow("4 h") << u"preset14400ToolButton"_s << qint64(14400) << u"hours"_s;
}

void TestDurationEdit::presets()
{
    QFETCH(QString, button);
    QFETCH(qint64, seconds);
    QFETCH(QString, unitText);
    DurationEdit edit;
    edit.setSeconds(42);
    QSignalSpy spy(&edit, &DurationEdit::secondsChanged);
    auto *preset = edit.findChild<QToolButton *>(button);
    QVERIFY(preset);
    QVERIFY(!preset->isChecked());
    QTest::mouseClick(preset, Qt::LeftButton);
    QCOMPARE(edit.seconds(), seconds);
    QCOMPARE(unitComboBox(edit)->currentText(), unitText);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toLongLong(), seconds);
    // Only the preset that matches shows as checked.
    const QList<QToolButton *> buttons = edit.findChildren<QToolButton *>();
    QCOMPARE(buttons.size(), 3);
    for (QToolButton *other : buttons)
        QCOMPARE(other->isChecked(), other == preset);
}

void TestDurationEdit::presetStaysCheckedWhenClickedAgain()
{
    DurationEdit edit;
    auto *preset = edit.findChild<QToolButton *>(u"preset3600ToolButton"_s);
    QTest::mouseClick(preset, Qt::LeftButton);
    QTest::mouseClick(preset, Qt::LeftButton);
    QVERIFY(preset->isChecked());
    QCOMPARE(edit.seconds(), qint64(3600));
}

void TestDurationEdit::typingAValue()
{
    DurationEdit edit;
    edit.setSeconds(3600); // 1 hour
    QSpinBox *spin = spinBox(edit);
    spin->selectAll();
    QTest::keyClicks(spin, u"12"_s);
    QCOMPARE(edit.seconds(), qint64(12 * 3600));
    QVERIFY(!edit.findChild<QToolButton *>(u"preset3600ToolButton"_s)->isChecked());
}

void TestDurationEdit::changingTheUnitKeepsTheNumber()
{
    DurationEdit edit;
    edit.setSeconds(300); // 5 minutes
    QSignalSpy spy(&edit, &DurationEdit::secondsChanged);
    QComboBox *unit = unitComboBox(edit);
    unit->setCurrentIndex(unit->findData(QVariant::fromValue(DurationEdit::Unit::Hours)));
    QCOMPARE(edit.value(), 5);
    QCOMPARE(edit.seconds(), qint64(5 * 3600));
    QCOMPARE(spy.count(), 1);
}

void TestDurationEdit::signalOnlyOnChange()
{
    DurationEdit edit;
    edit.setSeconds(3600);
    QSignalSpy spy(&edit, &DurationEdit::secondsChanged);
    edit.setSeconds(3600);
    QCOMPARE(spy.count(), 0);
    // Switching from "60 minutes" to "1 hour" is the same duration: no signal either.
    edit.setSeconds(60 * 60);
    QCOMPARE(spy.count(), 0);
    edit.setSeconds(7200);
    QCOMPARE(spy.count(), 1);
}

QTEST_MAIN(TestDurationEdit)
#include "tst_durationedit.moc"
