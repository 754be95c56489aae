"""House-style Vietnamese for Django's own validation messages.

Django's Vietnamese catalogue words some messages badly ("Cá nhân có Số
CCCD đã tồn tại.", "lớn hơn hoặc bằng với 0 ."), and they say nothing about
what to do. Our catalogue (LOCALE_PATHS, locale/vi) comes before Django's,
so translating the same message ids there replaces them everywhere: forms,
model validation and the API alike. The ids are listed here, marked with
gettext_noop, only so that `make messages` keeps them in our catalogue;
nothing imports this module. Each text must stay word for word Django's id
(Django 5.2), placeholders included.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGE_IDS = (
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("This field is required."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
)
