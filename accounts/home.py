from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.todo import todo_items


@login_required
def home(request):
    return render(request, "accounts/home.html", {"todo_items": todo_items(request.membership)})
