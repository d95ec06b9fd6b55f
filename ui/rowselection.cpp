// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowselection.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

namespace RowSelection {

void select(QAbstractItemView *view, const QModelIndex &index)
{
    QItemSelectionModel *selection = view->selectionModel();
    if (!index.isValid()) {
        selection->clear();
        return;
    }
    if (selection->currentIndex().row() != index.row() || !selection->isRowSelected(index.row())) {
        selection->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    view->scrollTo(index);
}

} // namespace RowSelection
