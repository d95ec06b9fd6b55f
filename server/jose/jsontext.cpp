// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace JsonText {

namespace {

struct Token
{
    enum class Type { Open, Close, Colon, Comma, String, Scalar };
    Type type;
    QByteArrayView text;
};

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isStructural(char c)
{
    return c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c == '"';
}

// Splits JSON text into tokens. Anything unexpected becomes a Scalar token, and an unterminated
// string runs to the end, so the loop always advances and always stops.
QList<Token> tokenize(QByteArrayView json)
{
    QList<Token> tokens;
    qsizetype i = 0;
    const qsizetype size = json.size();
    while (i < size) {
        const char c = json[i];
        if (isJsonSpace(c)) {
            ++i;
            continue;
        }
        switch (c) {
        case '{':
        case '[':
            tokens.append({Token::Type::Open, json.sliced(i, 1)});
            ++i;
            continue;
        case '}':
        case ']':
            tokens.append({Token::Type::Close, json.sliced(i, 1)});
            ++i;
            continue;
        case ':':
            tokens.append({Token::Type::Colon, json.sliced(i, 1)});
            ++i;
            continue;
        case ',':
            tokens.append({Token::Type::Comma, json.sliced(i, 1)});
            ++i;
            continue;
        case '"': {
            qsizetype end = i + 1;
            while (end < size && json[end] != '"') {
                end += json[end] == '\\' ? 2 : 1;
            }
            end = qMin(end + 1, size);
            tokens.append({Token::Type::String, json.sliced(i, end - i)});
            i = end;
            continue;
        }
        default: {
            qsizetype end = i + 1;
            while (end < size && !isJsonSpace(json[end]) && !isStructural(json[end])) {
                ++end;
            }
            tokens.append({Token::Type::Scalar, json.sliced(i, end - i)});
            i = end;
            continue;
        }
        }
    }
    return tokens;
}

Span::Kind scalarKind(QByteArrayView text)
{
    return text == "true" || text == "false" || text == "null" ? Span::Kind::Literal
                                                               : Span::Kind::Number;
}

QString unescapedName(QByteArrayView quoted)
{
    // The member name through the real parser, so every escape is handled the standard way.
    const QJsonDocument document = QJsonDocument::fromJson("[" + quoted.toByteArray() + "]");
    return document.array().at(0).toString();
}

} // namespace

Pretty pretty(QByteArrayView json, int indent)
{
    const QList<Token> tokens = tokenize(json);
    Pretty out;
    int depth = 0;
    const auto newline = [&out, &depth, indent] {
        out.text.append(u'\n');
        out.text.append(QString(qMax(0, depth) * indent, u' '));
    };
    const auto put = [&out](QByteArrayView text, Span::Kind kind) {
        const QString piece = QString::fromUtf8(text);
        out.spans.append({out.text.size(), piece.size(), kind});
        out.text.append(piece);
    };
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const Token &token = tokens.at(i);
        const bool nextIsColon
            = i + 1 < tokens.size() && tokens.at(i + 1).type == Token::Type::Colon;
        switch (token.type) {
        case Token::Type::Open:
            put(token.text, Span::Kind::Punctuation);
            // An empty object or array stays on one line.
            if (i + 1 < tokens.size() && tokens.at(i + 1).type == Token::Type::Close) {
                put(tokens.at(i + 1).text, Span::Kind::Punctuation);
                ++i;
            } else {
                ++depth;
                newline();
            }
            break;
        case Token::Type::Close:
            --depth;
            newline();
            put(token.text, Span::Kind::Punctuation);
            break;
        case Token::Type::Colon:
            put(token.text, Span::Kind::Punctuation);
            out.text.append(u' ');
            break;
        case Token::Type::Comma:
            put(token.text, Span::Kind::Punctuation);
            newline();
            break;
        case Token::Type::String:
            put(token.text, nextIsColon ? Span::Kind::Key : Span::Kind::String);
            break;
        case Token::Type::Scalar:
            put(token.text, scalarKind(token.text));
            break;
        }
    }
    return out;
}

QByteArray compact(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    for (const Token &token : tokenize(json)) {
        out.append(token.text);
    }
    return out;
}

QList<Member> topLevelMembers(QByteArrayView json)
{
    const QList<Token> tokens = tokenize(json);
    QList<Member> members;
    if (tokens.isEmpty() || tokens.first().text != "{") {
        return members;
    }
    int depth = 0;
    qsizetype valueStart = -1;
    QString name;
    const auto finishValue = [&](qsizetype end) {
        if (valueStart < 0) {
            return;
        }
        QByteArray value;
        for (qsizetype j = valueStart; j < end; ++j) {
            value.append(tokens.at(j).text);
        }
        members.append({name, value});
        valueStart = -1;
    };
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const Token &token = tokens.at(i);
        switch (token.type) {
        case Token::Type::Open:
            ++depth;
            break;
        case Token::Type::Close:
            if (depth == 1) {
                finishValue(i);
            }
            --depth;
            break;
        case Token::Type::Comma:
            if (depth == 1) {
                finishValue(i);
            }
            break;
        case Token::Type::Colon:
            if (depth == 1 && i > 0 && tokens.at(i - 1).type == Token::Type::String) {
                name = unescapedName(tokens.at(i - 1).text);
                valueStart = i + 1;
            }
            break;
        case Token::Type::String:
        case Token::Type::Scalar:
            break;
        }
        if (depth == 0) {
            break;
        }
    }
    return members;
}

} // namespace JsonText
