#pragma once

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace muse::ui {

class JobQueue;

// The job queue as a list: state, progress and a cancel button on every row that can still be
// cancelled.
class QueuePanel : public QWidget {
    Q_OBJECT

public:
    explicit QueuePanel(JobQueue* queue, QWidget* parent = nullptr);

    int rowCount() const;

private:
    QTreeWidgetItem* itemFor(quint64 id) const;
    void addRow(quint64 id);
    void updateRow(quint64 id);
    void removeRow(quint64 id);

    JobQueue* m_queue;
    QTreeWidget* m_tree = nullptr;
};

} // namespace muse::ui
