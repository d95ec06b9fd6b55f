// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestframer.h"

#include <QList>

#include <algorithm>

namespace {

// What Qt's request parser skips before a request line (left over from the previous request).
bool isLeadingWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

} // namespace

void RequestFramer::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    const qsizetype size = bytes.size();
    while (i < size) {
        const char c = bytes[i];
        switch (m_state) {
        case State::Failed:
            return;
        case State::Idle:
            ++i;
            if (isLeadingWhitespace(c))
                break;
            ++m_started;
            m_state = State::RequestLine;
            m_headerBytes = 1;
            m_lineLength = 1;
            m_headers.clear();
            m_line.clear();
            break;
        case State::RequestLine:
        case State::Headers:
            ++i;
            if (++m_headerBytes > MaxHeaderBytes) {
                fail(Error::HeadersTooLarge);
                return;
            }
            if (c == '\n') {
                if (m_state == State::RequestLine) {
                    m_state = State::Headers;
                } else if (m_lineLength == 0) {
                    endOfHeaders();
                    break;
                } else {
                    m_headers += m_line;
                    m_headers += '\n';
                }
                m_line.clear();
                m_lineLength = 0;
            } else if (c != '\r') {
                ++m_lineLength;
                if (m_state == State::Headers)
                    m_line += c;
            }
            break;
        case State::Body:
        case State::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, size - i);
            i += take;
            m_remaining -= take;
            if (m_remaining == 0) {
                if (m_state == State::Body)
                    complete();
                else
                    m_state = State::ChunkDataEnd;
            }
            break;
        }
        case State::ChunkSize:
            ++i;
            if (c == '\n') {
                endOfChunkSizeLine();
            } else if (c != '\r') {
                if (m_line.size() >= MaxChunkLineBytes) {
                    fail(Error::Malformed);
                    return;
                }
                m_line += c;
            }
            break;
        case State::ChunkDataEnd:
        case State::LastChunkEnd:
            ++i;
            if (c == '\n') {
                if (m_state == State::ChunkDataEnd) {
                    m_state = State::ChunkSize;
                    m_line.clear();
                } else {
                    complete();
                }
            }
            break;
        }
    }
}

void RequestFramer::endOfHeaders()
{
    QByteArray contentLength;
    QByteArray transferEncoding;
    bool haveLength = false;
    bool haveEncoding = false;
    const QList<QByteArray> lines = m_headers.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed().toLower();
        if (!haveLength && name == "content-length") {
            contentLength = line.sliced(colon + 1).trimmed();
            haveLength = true;
        } else if (!haveEncoding && name == "transfer-encoding") {
            transferEncoding = line.sliced(colon + 1).trimmed().toLower();
            haveEncoding = true;
        }
    }
    m_headers.clear();
    m_line.clear();

    // As Qt's parser: chunked wins over Content-Length, and the first Content-Length counts.
    if (transferEncoding.contains("chunked")) {
        m_state = State::ChunkSize;
        m_chunkedTotal = 0;
        return;
    }
    bool ok = false;
    const qulonglong length = contentLength.toULongLong(&ok);
    if (!ok || length == 0) {
        complete();
        return;
    }
    if (length > qulonglong(m_bodyLimit)) {
        fail(Error::BodyTooLarge);
        return;
    }
    m_state = State::Body;
    m_remaining = qint64(length);
}

void RequestFramer::endOfChunkSizeLine()
{
    QByteArray text = m_line;
    m_line.clear();
    if (const qsizetype semicolon = text.indexOf(';'); semicolon >= 0)
        text.truncate(semicolon);
    text = text.trimmed();
    if (text.isEmpty())
        return; // a blank line between chunks, which Qt skips too
    bool ok = false;
    const qlonglong chunk = text.toLongLong(&ok, 16);
    if (!ok || chunk <= 0) {
        // Qt reads an unparsable size as 0: the last chunk.
        m_state = State::LastChunkEnd;
        return;
    }
    if (chunk > m_bodyLimit - m_chunkedTotal) {
        fail(Error::BodyTooLarge);
        return;
    }
    m_chunkedTotal += chunk;
    m_state = State::ChunkData;
    m_remaining = chunk;
}

void RequestFramer::complete()
{
    ++m_completed;
    m_state = State::Idle;
    m_remaining = 0;
}

void RequestFramer::fail(Error error)
{
    m_error = error;
    m_state = State::Failed;
    m_headers.clear();
    m_line.clear();
}
