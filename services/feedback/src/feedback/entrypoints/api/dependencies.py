"""Dependencies of feedback's routes: the handler context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from bastion.http.contexts import HandlerContexts
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings

contexts = HandlerContexts(FeedbackSettings, FeedbackUnitOfWork, Context)


ContextDep = Annotated[Context, Depends(contexts.now)]
RecordedContextDep = Annotated[Context, Depends(contexts.recorded)]
