//! Walking a listing page by page, for the actions whose spec states `pagination`.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::ApiClient;
use crate::action::Action;
use crate::error::Error;

/// A listing request that pages with an offset; generated for actions whose spec states
/// `pagination`.
pub trait Paginated: Action {
    /// One item of a page.
    type Item: Send + 'static;
    /// Items skipped by this request.
    fn offset(&self) -> i64;
    /// Skips `offset` items.
    fn set_offset(&mut self, offset: i64);
    /// The page size asked for, if any.
    fn limit(&self) -> Option<i64>;
    /// The items of a page.
    fn page_items(output: &Self::Output) -> &[Self::Item];
    /// The items of a page, taken out of it.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
    /// How many items there are across all pages, when the answer says.
    fn total(output: &Self::Output) -> Option<i64>;
}

/// Walks a listing: each call to [`Paginator::next_page`] sends the request for the next page,
/// until the answer's total is reached (or, without a total, a short or empty page arrives).
/// [`pages`](Paginator::pages) and [`items`](Paginator::items) turn it into a `Stream`.
///
/// Each page is an ordinary call: validated, signed, rate-limited and retried like any other.
/// An error ends the walk after it is yielded.
#[derive(Debug)]
pub struct Paginator<A: Paginated> {
    client: ApiClient,
    next: Option<Result<A, Error>>,
}

impl<A: Paginated> Paginator<A> {
    /// A walk starting at `request` (an error is yielded first, then the walk ends).
    pub fn new(client: ApiClient, request: Result<A, Error>) -> Paginator<A> {
        Paginator {
            client,
            next: Some(request),
        }
    }

    /// The next page's answer, or `None` when the walk is over.
    pub async fn next_page(&mut self) -> Option<Result<A::Output, Error>> {
        let request = match self.next.take()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let output = match self.client.send(request.clone()).await {
            Ok(output) => output,
            Err(error) => return Some(Err(error)),
        };
        let count = i64::try_from(A::page_items(&output).len()).unwrap_or(i64::MAX);
        let reached = request.offset().saturating_add(count);
        let more = count > 0
            && match A::total(&output) {
                Some(total) => reached < total,
                None => request.limit().is_none_or(|limit| count >= limit),
            };
        if more {
            let mut next = request;
            next.set_offset(reached);
            self.next = Some(Ok(next));
        }
        Some(Ok(output))
    }

    /// Every item of every page, or the first error.
    pub async fn collect_items(mut self) -> Result<Vec<A::Item>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(A::into_items(page?));
        }
        Ok(items)
    }

    /// The answers, one per page, as a stream.
    pub fn pages(self) -> Pages<A> {
        Pages {
            state: PageState::Idle(Some(self)),
        }
    }

    /// The items of every page, one at a time, as a stream.
    pub fn items(self) -> Items<A> {
        Items {
            pages: self.pages(),
            buffered: VecDeque::new(),
        }
    }
}

type PageFuture<A> = Pin<
    Box<dyn Future<Output = (Paginator<A>, Option<Result<<A as Action>::Output, Error>>)> + Send>,
>;

enum PageState<A: Paginated> {
    Idle(Option<Paginator<A>>),
    Fetching(PageFuture<A>),
}

/// A stream of the answers of a listing, one per page.
pub struct Pages<A: Paginated> {
    state: PageState<A>,
}

impl<A: Paginated> Stream for Pages<A> {
    type Item = Result<A::Output, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                PageState::Idle(paginator) => match paginator.take() {
                    Some(mut paginator) => {
                        this.state = PageState::Fetching(Box::pin(async move {
                            let page = paginator.next_page().await;
                            (paginator, page)
                        }));
                    }
                    None => return Poll::Ready(None),
                },
                PageState::Fetching(future) => {
                    let (paginator, page) = std::task::ready!(future.as_mut().poll(cx));
                    this.state = PageState::Idle(page.is_some().then_some(paginator));
                    return Poll::Ready(page);
                }
            }
        }
    }
}

// Nothing in `Pages` or `Items` relies on staying in place (the fetch is boxed), so they can be
// moved whatever the request and item types are.
impl<A: Paginated> Unpin for Pages<A> {}
impl<A: Paginated> Unpin for Items<A> {}

impl<A: Paginated> std::fmt::Debug for Pages<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages")
    }
}

/// A stream of the items of a listing, across pages.
pub struct Items<A: Paginated> {
    pages: Pages<A>,
    buffered: VecDeque<A::Item>,
}

impl<A: Paginated> Stream for Items<A> {
    type Item = Result<A::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffered.extend(A::into_items(page)),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

impl<A: Paginated> std::fmt::Debug for Items<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("buffered", &self.buffered.len())
            .finish()
    }
}
