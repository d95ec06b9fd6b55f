// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

// The sample API's reference data: countries by ISO 3166-1 alpha-3 code, with upper-case
// English short names as the series' API answers them ("AUS" -> "AUSTRALIA").
struct Country
{
    QString code;
    QString name;
};

namespace Countries {

// Sorted by code.
const QList<Country> &all();
// The country with "code" (compared without regard to case); nullptr when there is none.
const Country *find(QStringView code);

} // namespace Countries
