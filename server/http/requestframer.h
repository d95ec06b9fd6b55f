// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Follows the bytes of one HTTP/1.1 connection and says where each request begins and ends, so
// that ConnectionGuard can time requests and idle periods and refuse an oversized body before it
// is read. It frames the way Qt's HTTP server parses (leading blank lines skipped, LF or CRLF line
// ends, Content-Length unless chunked), so both agree on what is in progress; it does not parse
// methods or URLs, and it never changes the bytes, which Qt reads after it.
class RequestFramer
{
public:
    // Larger than any sane request line plus headers; the limit nginx and Tomcat apply is 8 KiB.
    static constexpr qsizetype MaxHeaderBytes = 32 * 1024;
    // A chunk-size line longer than this is not a chunk size.
    static constexpr qsizetype MaxChunkLineBytes = 1024;

    enum class Error {
        None,
        HeadersTooLarge, // 431: request line and headers over MaxHeaderBytes
        BodyTooLarge, // 413: Content-Length, or the chunks so far, over the body limit
        Malformed, // 400: a chunk-size line that is no chunk size
    };

    explicit RequestFramer(qint64 bodyLimit = 64 * 1024) : m_bodyLimit(bodyLimit) { }

    // Applies to requests whose headers end after this call.
    void setBodyLimit(qint64 bytes) { m_bodyLimit = bytes; }

    // Follows the next bytes of the stream. After an error the framer ignores everything.
    void feed(QByteArrayView bytes);

    // True between requests: nothing of a next request has arrived yet.
    bool isIdle() const { return m_state == State::Idle; }
    Error error() const { return m_error; }
    // Counters over the connection's life, so a caller can tell that a request ended and the next
    // began within the same bytes.
    quint64 requestsStarted() const { return m_started; }
    quint64 requestsCompleted() const { return m_completed; }

private:
    enum class State {
        Idle,
        RequestLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        LastChunkEnd,
        Failed,
    };

    void endOfHeaders();
    void endOfChunkSizeLine();
    void complete();
    void fail(Error error);

    State m_state = State::Idle;
    Error m_error = Error::None;
    qint64 m_bodyLimit;
    quint64 m_started = 0;
    quint64 m_completed = 0;
    qsizetype m_headerBytes = 0; // request line and headers so far
    qsizetype m_lineLength = 0; // characters other than CR in the current line
    QByteArray m_line; // the current header or chunk-size line
    QByteArray m_headers; // the header lines of the current request, LF-separated
    qint64 m_remaining = 0; // body or chunk bytes still to come
    qint64 m_chunkedTotal = 0; // decoded chunk bytes so far
};
