// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/expected.h"
#include "oautherror.h"

// A protocol step's result: a value or the OAuthError that goes on the wire.
template<typename T>
using Result = Expected<T, OAuthError>;
