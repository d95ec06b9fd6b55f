// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QAbstractItemView;
class QModelIndex;

// The list pages' (Clients, Scopes, Users) way of pointing their table at the item the form shows.
namespace RowSelection {

// Makes index the current, selected row of the view and scrolls to it; an invalid index clears
// the selection. A row already current and selected is left alone, so that no currentChanged is
// emitted for it.
void select(QAbstractItemView *view, const QModelIndex &index);

} // namespace RowSelection
