#include "panels/QueuePanel.h"

#include "jobs/JobQueue.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace muse::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QString stateText(const Job& job)
{
    switch (job.state) {
    case Job::State::Queued: return QueuePanel::tr("Queued");
    case Job::State::Running:
        return job.secondsLeft >= 0 ? QueuePanel::tr("%1 — %2 %, %3 s left")
                                          .arg(job.stageText)
                                          .arg(std::lround(job.fraction * 100))
                                          .arg(std::lround(job.secondsLeft))
                                    : QueuePanel::tr("%1 — %2 %").arg(job.stageText).arg(std::lround(job.fraction * 100));
    case Job::State::Finished: return QueuePanel::tr("Done");
    case Job::State::Failed: return QueuePanel::tr("Failed: %1").arg(job.error);
    case Job::State::Cancelled: return QueuePanel::tr("Cancelled");
    }
    return {};
}

QString modeText(const Job& job)
{
    switch (job.request.index()) {
    case 0: return QueuePanel::tr("Generate");
    case 1: return QueuePanel::tr("Inpaint");
    case 2: return QueuePanel::tr("Outpaint");
    default: return QueuePanel::tr("Edit");
    }
}

} // namespace

QueuePanel::QueuePanel(JobQueue* queue, QWidget* parent) : QWidget(parent), m_queue(queue)
{
    auto* layout = new QVBoxLayout(this);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Job"), tr("State"), QString()});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::Fixed);
    m_tree->header()->resizeSection(2, 32);
    m_tree->header()->setStretchLastSection(false);
    layout->addWidget(m_tree);

    auto* buttons = new QHBoxLayout;
    auto* cancelAll = new QPushButton(tr("Cancel all"), this);
    cancelAll->setToolTip(tr("Cancel the running job and every queued one"));
    auto* clear = new QPushButton(tr("Clear finished"), this);
    buttons->addWidget(cancelAll);
    buttons->addWidget(clear);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(cancelAll, &QPushButton::clicked, queue, &JobQueue::cancelAll);
    connect(clear, &QPushButton::clicked, queue, &JobQueue::clearInactive);

    connect(queue, &JobQueue::jobAdded, this, &QueuePanel::addRow);
    connect(queue, &JobQueue::jobChanged, this, &QueuePanel::updateRow);
    connect(queue, &JobQueue::jobRemoved, this, &QueuePanel::removeRow);
    for (const Job& job : queue->jobs())
        addRow(job.id);
}

int QueuePanel::rowCount() const { return m_tree->topLevelItemCount(); }

QTreeWidgetItem* QueuePanel::itemFor(quint64 id) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, kIdRole).toULongLong() == id)
            return m_tree->topLevelItem(i);
    return nullptr;
}

void QueuePanel::addRow(quint64 id)
{
    auto* item = new QTreeWidgetItem(m_tree);
    item->setData(0, kIdRole, id);
    auto* cancel = new QToolButton(m_tree);
    cancel->setText(QStringLiteral("✕"));
    cancel->setToolTip(tr("Cancel this job"));
    cancel->setAutoRaise(true);
    connect(cancel, &QToolButton::clicked, this, [this, id] { m_queue->cancel(id); });
    m_tree->setItemWidget(item, 2, cancel);
    updateRow(id);
}

void QueuePanel::updateRow(quint64 id)
{
    QTreeWidgetItem* item = itemFor(id);
    const Job* job = m_queue->job(id);
    if (!item || !job)
        return;
    const QString prompt = job->label.isEmpty() ? tr("(no prompt)") : job->label;
    item->setText(0, QStringLiteral("#%1 %2: %3").arg(id).arg(modeText(*job), prompt));
    item->setToolTip(0, prompt);
    item->setText(1, stateText(*job));
    item->setToolTip(1, stateText(*job));
    if (QWidget* cancel = m_tree->itemWidget(item, 2))
        cancel->setVisible(job->isActive());
}

void QueuePanel::removeRow(quint64 id)
{
    delete itemFor(id);
}

} // namespace muse::ui
