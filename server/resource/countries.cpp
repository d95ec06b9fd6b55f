// SPDX-License-Identifier: GPL-3.0-or-later
#include "countries.h"

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Countries {

const QList<Country> &all()
{
    // A sample of the ISO 3166-1 table: enough countries for a demo on every continent.
    static const QList<Country> countries {
        {u"AFG"_s, u"AFGHANISTAN"_s},
        {u"ARG"_s, u"ARGENTINA"_s},
        {u"AUS"_s, u"AUSTRALIA"_s},
        {u"AUT"_s, u"AUSTRIA"_s},
        {u"BEL"_s, u"BELGIUM"_s},
        {u"BGD"_s, u"BANGLADESH"_s},
        {u"BRA"_s, u"BRAZIL"_s},
        {u"CAN"_s, u"CANADA"_s},
        {u"CHE"_s, u"SWITZERLAND"_s},
        {u"CHL"_s, u"CHILE"_s},
        {u"CHN"_s, u"CHINA"_s},
        {u"COL"_s, u"COLOMBIA"_s},
        {u"CZE"_s, u"CZECHIA"_s},
        {u"DEU"_s, u"GERMANY"_s},
        {u"DNK"_s, u"DENMARK"_s},
        {u"EGY"_s, u"EGYPT"_s},
        {u"ESP"_s, u"SPAIN"_s},
        {u"ETH"_s, u"ETHIOPIA"_s},
        {u"FIN"_s, u"FINLAND"_s},
        {u"FRA"_s, u"FRANCE"_s},
        {u"GBR"_s, u"UNITED KINGDOM"_s},
        {u"GHA"_s, u"GHANA"_s},
        {u"GRC"_s, u"GREECE"_s},
        {u"HUN"_s, u"HUNGARY"_s},
        {u"IDN"_s, u"INDONESIA"_s},
        {u"IND"_s, u"INDIA"_s},
        {u"IRL"_s, u"IRELAND"_s},
        {u"ISL"_s, u"ICELAND"_s},
        {u"ISR"_s, u"ISRAEL"_s},
        {u"ITA"_s, u"ITALY"_s},
        {u"JPN"_s, u"JAPAN"_s},
        {u"KEN"_s, u"KENYA"_s},
        {u"KOR"_s, u"KOREA, REPUBLIC OF"_s},
        {u"MAR"_s, u"MOROCCO"_s},
        {u"MEX"_s, u"MEXICO"_s},
        {u"MYS"_s, u"MALAYSIA"_s},
        {u"NGA"_s, u"NIGERIA"_s},
        {u"NLD"_s, u"NETHERLANDS"_s},
        {u"NOR"_s, u"NORWAY"_s},
        {u"NZL"_s, u"NEW ZEALAND"_s},
        {u"PAK"_s, u"PAKISTAN"_s},
        {u"PER"_s, u"PERU"_s},
        {u"PHL"_s, u"PHILIPPINES"_s},
        {u"POL"_s, u"POLAND"_s},
        {u"PRT"_s, u"PORTUGAL"_s},
        {u"ROU"_s, u"ROMANIA"_s},
        {u"SAU"_s, u"SAUDI ARABIA"_s},
        {u"SGP"_s, u"SINGAPORE"_s},
        {u"SWE"_s, u"SWEDEN"_s},
        {u"THA"_s, u"THAILAND"_s},
        {u"TUR"_s, u"TURKEY"_s},
        {u"UKR"_s, u"UKRAINE"_s},
        {u"USA"_s, u"UNITED STATES"_s},
        {u"VNM"_s, u"VIET NAM"_s},
        {u"ZAF"_s, u"SOUTH AFRICA"_s},
    };
    return countries;
}

const Country *find(QStringView code)
{
    const QString upper = code.toString().toUpper();
    const QList<Country> &countries = all();
    const auto it = std::lower_bound(countries.cbegin(), countries.cend(), upper,
        [](const Country &country, const QString &key) { return country.code < key; });
    return it != countries.cend() && it->code == upper ? &*it : nullptr;
}

} // namespace Countries
