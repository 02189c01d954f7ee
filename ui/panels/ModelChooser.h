#pragma once

#include "muse/Engine.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;

namespace muse::ui {

// Picks the model: the embedded default (folder "") or a folder in aMUSEd or Muse layout, and
// shows its loading progress and description.
class ModelChooser : public QWidget {
    Q_OBJECT

public:
    explicit ModelChooser(QWidget* parent = nullptr);

    void setRecentFolders(const QStringList& folders, const QString& current);
    QString currentFolder() const;

    void showLoading(const QString& folder);
    void showProgress(int step, int totalSteps);
    void showLoaded(const ModelDescription& model);
    void showFailed(const QString& message);

    static QString describe(const ModelDescription& model);

signals:
    void loadRequested(const QString& folder);

private:
    void chooseFolder();
    void selectFolder(const QString& folder);

    QComboBox* m_combo = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QString m_current;
};

} // namespace muse::ui
