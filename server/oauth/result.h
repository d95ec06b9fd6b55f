// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oautherror.h"

#include <utility>
#include <variant>

// Either a value or an OAuthError; no exception crosses the event loop.
template<typename T>
class Result
{
public:
    Result(T value) : m_data(std::move(value)) { }
    Result(OAuthError error) : m_data(std::move(error)) { }

    bool isOk() const { return m_data.index() == 0; }
    explicit operator bool() const { return isOk(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const OAuthError &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, OAuthError> m_data;
};
