#pragma once

#include <QWidget>

class QListWidget;

namespace muse::ui {

class HistoryStore;

// The results of past jobs as a strip of thumbnails, newest first. Selecting one stages it on
// the canvas; double-click applies it. The commands on results are actions added by the window.
class HistoryStrip : public QWidget {
    Q_OBJECT

public:
    explicit HistoryStrip(HistoryStore* store, QWidget* parent = nullptr);

    int currentIndex() const;
    void setCurrentIndex(int index);
    int count() const;
    // Adds the actions as a toolbar row and as the context menu.
    void setActions(const QList<QAction*>& actions);

signals:
    void currentChanged(int index); // -1 = none
    void activated(int index);

private:
    void rebuild();
    void insertEntry(int index);

    HistoryStore* m_store;
    QListWidget* m_list = nullptr;
    QWidget* m_toolbar = nullptr;
};

} // namespace muse::ui
