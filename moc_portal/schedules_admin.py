"""«Расписание задач»: celery-beat's PeriodicTask admin reshaped for the МОЦ's staff.

The list reads «Выгрузка в РМЦ — 5-го числа в 06:00 — включена — последний запуск»; the change
form edits only «включена» and the time (a daily/monthly task's «HH:MM», an interval task's
number of minutes). Task paths, arguments, cron strings and the schedule tables stay out of
staff's sight; a new schedule is added by a data migration, as all the existing ones were.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from .core.admin_locking import OptimisticLockAdmin
from .core.schedules import last_run_in_words, schedule_in_words

# The Russian name of each task the portal schedules (by the task's Python path).
TASK_TITLES = {
    "monitoring.tasks.export_previous_month_to_rmc": "Выгрузка в РМЦ",
    "monitoring.tasks.send_deadline_reminders_task": "Напоминания о сроках",
    "monitoring.tasks.build_waiting_reports_task": "Отчёты, не поставленные в очередь",
    "monitoring.tasks.lock_due_months_task": "Закрытие ввода за прошедшие месяцы",
    "moc_portal.tasks.deliver_mail": "Отправка исходящих писем",
    "moc_portal.tasks.backup_daily": "Резервная копия",
    "moc_portal.tasks.erase_expired_personal_data": "Удаление персональных данных",
    "programs.tasks.remove_stale_imports_task": "Удаление незавершённых загрузок",
}


def task_title(periodic_task):
    return TASK_TITLES.get(periodic_task.task, periodic_task.name)


def simple_time(crontab):
    """The one «HH:MM» of a crontab that runs once on its days, or None."""
    if crontab is None or not (crontab.minute.isdigit() and crontab.hour.isdigit()):
        return None
    return datetime.time(int(crontab.hour), int(crontab.minute))


TIME_FIELDS = ("run_at", "every_minutes")


def time_field_of(task):
    """Which time field the task's schedule has: «run_at», «every_minutes» or None."""
    if task.interval_id and task.interval.period == IntervalSchedule.MINUTES:
        return "every_minutes"
    if task.crontab_id and simple_time(task.crontab) is not None:
        return "run_at"
    return None


class ScheduleForm(forms.ModelForm):
    """«включена» plus the one time field the task's schedule has."""

    run_at = forms.TimeField(
        label="время запуска", required=False, help_text="Например, 06:00 (время МОЦ)."
    )
    every_minutes = forms.IntegerField(
        label="интервал, минут", required=False, min_value=1, max_value=24 * 60
    )

    class Meta:
        model = PeriodicTask
        fields = ["enabled"]
        labels = {"enabled": "включена"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        task, kept = self.instance, time_field_of(self.instance)
        for name in TIME_FIELDS:
            if name != kept:
                del self.fields[name]
        if kept == "every_minutes":
            self.fields[kept].initial = task.interval.every
        elif kept == "run_at":
            self.fields[kept].initial = simple_time(task.crontab)
        if kept:
            self.fields[kept].required = True

    def save(self, commit=True):
        task = super().save(commit=False)
        run_at = self.cleaned_data.get("run_at")
        if run_at is not None and run_at != simple_time(task.crontab):
            # Schedules are shared between tasks: pick (or make) the row with the new time.
            old = task.crontab
            task.crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=str(run_at.minute),
                hour=str(run_at.hour),
                day_of_month=old.day_of_month,
                month_of_year=old.month_of_year,
                day_of_week=old.day_of_week,
                timezone=old.timezone,
            )
        every = self.cleaned_data.get("every_minutes")
        if every is not None and every != task.interval.every:
            task.interval, _ = IntervalSchedule.objects.get_or_create(
                every=every, period=IntervalSchedule.MINUTES
            )
        if commit:
            task.save()
        return task


class ScheduleAdmin(OptimisticLockAdmin, admin.ModelAdmin):
    form = ScheduleForm
    list_display = ["title", "schedule", "enabled", "last_run"]
    list_display_links = ["title"]
    list_filter = ["enabled"]
    ordering = ["name"]
    fields = ["title", "about", "schedule", "enabled", "run_at", "every_minutes", "last_run"]
    readonly_fields = ["title", "about", "schedule", "last_run"]
    actions = ["enable", "disable"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("crontab", "interval", "clocked")

    def get_fields(self, request, obj=None):
        editable = obj is not None and self.has_change_permission(request, obj)
        time_field = time_field_of(obj) if editable else None  # the schedule shows it otherwise
        return [name for name in self.fields if name not in TIME_FIELDS or name == time_field]

    @admin.display(description="задача", ordering="name")
    def title(self, obj):
        return task_title(obj)

    @admin.display(description="что делает")
    def about(self, obj):
        return obj.description or "—"

    @admin.display(description="расписание")
    def schedule(self, obj):
        return schedule_in_words(obj)

    @admin.display(description="последний запуск", ordering="last_run_at")
    def last_run(self, obj):
        return last_run_in_words(obj.last_run_at)

    def has_add_permission(self, request):
        return False  # new schedules come with the code, by data migrations

    def has_delete_permission(self, request, obj=None):
        return False  # switch a task off instead

    @admin.action(description="Включить", permissions=["change"])
    def enable(self, request, queryset):
        self._switch(request, queryset, True)

    @admin.action(description="Выключить", permissions=["change"])
    def disable(self, request, queryset):
        self._switch(request, queryset, False)

    def _switch(self, request, queryset, enabled):
        tasks = list(queryset.filter(enabled=not enabled))
        for task in tasks:  # save() (not update()) so the beat notices the change
            task.enabled = enabled
            task.save(update_fields=["enabled"])
        verb = "включено" if enabled else "выключено"
        self.message_user(request, f"Задач {verb}: {len(tasks)}.", messages.SUCCESS)


def register(site=admin.site):
    """Replace celery-beat's admins: the tasks get ours, the raw schedule tables none."""
    for model in (PeriodicTask, CrontabSchedule, IntervalSchedule, ClockedSchedule, SolarSchedule):
        if site.is_registered(model):
            site.unregister(model)
    site.register(PeriodicTask, ScheduleAdmin)
    # The admin names a row by str() (titles, checkboxes, messages): celery-beat's str() is
    # «name: 0 6 5 * * (m/h/dM/MY/d) Europe/Moscow».
    PeriodicTask.__str__ = task_title
