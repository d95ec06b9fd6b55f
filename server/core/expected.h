// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

// The error half of an Expected, for when the value and error types are the same (or to be
// explicit): return Unexpected(u"why"_s);
template<typename E>
struct Unexpected
{
    E error;
};
template<typename E>
Unexpected(E) -> Unexpected<E>;

// The one result type for fallible calls across the server: either a value or an error, never
// both, no exception crossing the event loop. Shaped like C++23's std::expected (which Debian 12's
// compilers do not have), with Qt-style names. Lives in server/core/ because every layer uses it;
// OAuthError results are Result<T> (oauth/result.h).
template<typename T, typename E>
class Expected
{
public:
    Expected(T value) : m_data(std::in_place_index<0>, std::move(value)) { }
    Expected(Unexpected<E> error) : m_data(std::in_place_index<1>, std::move(error.error)) { }
    // An error converts implicitly when it cannot be mistaken for a value.
    Expected(E error) requires(!std::is_same_v<T, E>)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool isOk() const { return m_data.index() == 0; }
    explicit operator bool() const { return isOk(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T valueOr(T fallback) const { return isOk() ? value() : std::move(fallback); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const & { return std::get<0>(m_data); }
    const E &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, E> m_data;
};

// For calls that either succeed with nothing to return or fail.
struct Success
{
};

template<typename E>
using Status = Expected<Success, E>;
