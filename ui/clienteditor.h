// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QSet>
#include <QStringList>

#include <QWidget>
#include <utility>

#include <memory>
#include <utility>

class JwksFetcher;
class QBoxLayout;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class ScopeCheckListModel;
namespace Ui {
class ClientEditor;
}

// The form for one client registration. It knows the saved version (its baseline) and says
// whether the form differs from it; it validates at the fields, but never saves: the page decides
// what a save does to the configuration.
class ClientEditor : public QWidget
{
    Q_OBJECT
public:
    // Whether a freshly created client counts as unsaved before the user edits it: a blank "New"
    // form does not, a duplicate does (discarding it silently would lose the copy).
    enum class NewClientState { Pristine, Modified };

    explicit ClientEditor(QWidget *parent = nullptr);
    ~ClientEditor() override;

    void setAvailableScopes(const QList<ScopeDefinition> &scopes);
    // Every registered id; the editor ignores its own saved id when checking uniqueness.
    void setRegisteredClientIds(const QStringList &ids);

    void loadClient(const ClientRegistration &client);
    void loadNewClient(const ClientRegistration &client, NewClientState state);
    // The saved client changed while shown: fields the user did not touch take the new values,
    // edited ones stay (ConfigurationEdits::mergeClient).
    void rebase(const ClientRegistration &saved);
    // The saved client was removed while shown: the form becomes a new, unsaved client with the
    // same values, so nothing typed is lost.
    void detach();

    bool isNew() const { return m_isNew; }
    // Empty for a new client.
    QString originalClientId() const { return m_isNew ? QString() : m_baseline.clientId; }
    // The registration as the form shows it.
    ClientRegistration client() const;
    bool isDirty() const;

    // Shows every message and moves the focus to the first invalid field; true when valid.
    bool validate();
    void revert();

    bool isSecretVisible() const;
    // The width at which the form's fields show whole, without scrolling sideways.
    int naturalWidth() const;
    // The height at which every field shows without scrolling, with the title and the actions.
    int naturalHeight() const;
    // The method whose checkbox last had the focus or the mouse.
    QString highlightedAuthMethod() const { return m_highlightedMethod; }

    // 32 bytes from the system's cryptographic generator, base64url without padding: 43
    // characters that need no encoding in a form body or a Basic header.
    static QString generateSecret();

Q_SIGNALS:
    void edited();
    void dirtyChanged(bool dirty);
    void saveRequested();
    void secretVisibilityChanged(bool visible);
    void authMethodHighlighted(const QString &method);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Field {
        ClientId,
        Secret,
        SecretExpiry,
        AuthMethods,
        GrantTypes,
        Scopes,
        Lifetime,
        TokenFormat,
        RedirectUris,
        PostLogoutRedirectUris,
        Pkce,
        CodeLifetime,
        RefreshLifetime
    };

    void setForm(const ClientRegistration &client);
    void load(const ClientRegistration &client, bool isNew, bool forcedDirty);
    void fieldEdited(Field field);
    void updateState();
    // The blocking problem with a field, or an empty string.
    QString errorFor(Field field) const;
    QString warningFor(Field field) const;
    void showMessages();
    void showMessage(QLabel *label, QWidget *field, const QString &error, const QString &warning,
        const QString &hint = {});
    void updateScopesListHeight();
    QList<QLabel *> messageLabels() const;
    QWidget *focusTarget(Field field) const;
    void highlightMethod(const QString &method);
    std::optional<QDateTime> expiryFromForm() const;
    void updateTitle();
    // client_secret_jwt and private_key_jwt, and private_key_jwt's keys: a JWK set URL (with a
    // "Fetch now" check) or a pasted JWK set. Built in code, below the secret-based methods.
    void buildJwtUi();
    void updateKeysVisibility();
    void fetchJwksNow();
    void generateKeyPair();
    enum class KeySource { Url, Pasted };
    // The token format row: one entry per token generator the protocol registry lists, and the
    // loaded client's format if this build has no generator for it (shown as such, so the
    // form does not change it behind the user's back).
    void buildTokenFormatUi();
    void setTokenFormatOptions(const QString &current);
    // What a format means for a resource server; empty for one this build does not know.
    static QString tokenFormatHint(const QString &format);
    KeySource keySource() const;

    // One check box per authentication method and grant the protocol registry lists, in its
    // order: the form's own for the methods it lays out, one made here for any other.
    void createOptionBoxes();
    // A checked box for each method or grant the client names that this build does not
    // implement, so the form neither hides nor drops it; the previous client's are removed.
    void setUnsupportedOptions(QList<std::pair<QString, QCheckBox *>> *boxes, QBoxLayout *layout,
        const QStringList &known, const QStringList &configured, Field field);
    // The problem with the first bad URI of a one-per-line list, or an empty string.
    QString uriListError(const QPlainTextEdit *edit) const;
    static QStringList uriLines(const QPlainTextEdit *edit);

    std::unique_ptr<Ui::ClientEditor> m_ui;
    QList<std::pair<QString, QCheckBox *>> m_methodBoxes;
    QList<std::pair<QString, QCheckBox *>> m_grantBoxes;
    QList<QCheckBox *> m_unsupportedBoxes;
    ScopeCheckListModel *m_scopesModel;
    ClientRegistration m_baseline;
    QStringList m_registeredIds;
    QSet<Field> m_touched;
    QString m_highlightedMethod;
    bool m_isNew = true;
    bool m_forcedDirty = false;
    bool m_loading = false;
    bool m_lastDirty = false;
    QCheckBox *m_secretJwtCheckBox = nullptr;
    QCheckBox *m_privateKeyJwtCheckBox = nullptr;
    QWidget *m_keysBox = nullptr;
    QLabel *m_keysLabel = nullptr;
    QComboBox *m_keySourceComboBox = nullptr;
    QLineEdit *m_jwksUriLineEdit = nullptr;
    QPushButton *m_fetchJwksButton = nullptr;
    QLabel *m_jwksStatusLabel = nullptr;
    QPlainTextEdit *m_jwksTextEdit = nullptr;
    QPushButton *m_generateKeyButton = nullptr;
    QString m_generatedKeyPem; // a key pair generated in this form, not saved yet
    JwksFetcher *m_jwksFetcher = nullptr;
    QComboBox *m_tokenFormatComboBox = nullptr;
    QLabel *m_tokenFormatMessageLabel = nullptr;
};
