/* pages.c: the route table, and helpers every feature's handlers share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pages.h"
#include "../core/tz.h"
#include "../core/utc.h"

#include "library.h"

#include "../http/static.h"
#include "../policy/roles.h"
#include "../text/country.h"
#include "../text/reference.h"
#include "../text/validate.h"

static const struct route routes[] = {
	{HTTP_GET, "/", home_page, ACT_PUBLIC, NULL, 0},
	{HTTP_GET, "/healthz", health_check, ACT_PUBLIC, NULL, ROUTE_ANON},
	{HTTP_GET, "/static/:name", static_serve, ACT_PUBLIC, NULL, ROUTE_ANON},
	{HTTP_GET, "/register", register_form, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_POST, "/register", register_post, ACT_ACCOUNT_OPEN, &form_register, 0},
	{HTTP_GET, "/register/sent", register_sent, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_GET, "/confirm/:token", confirm_email, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_GET, "/signin", signin_form, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_POST, "/signin", signin_post, ACT_ACCOUNT_OPEN, &form_signin, 0},
	{HTTP_GET, "/signout", signout_form, ACT_SESSION_END, NULL, 0},
	{HTTP_POST, "/signout", signout_post, ACT_SESSION_END, NULL, 0},
	{HTTP_GET, "/reset", reset_form, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_POST, "/reset", reset_post, ACT_ACCOUNT_OPEN, &form_reset, 0},
	{HTTP_GET, "/reset/sent", reset_sent, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_GET, "/reset/:token", reset_token_form, ACT_ACCOUNT_OPEN, NULL, 0},
	{HTTP_POST, "/reset/:token", reset_token_post, ACT_ACCOUNT_OPEN, &form_new_password, 0},
	{HTTP_GET, "/settings", settings_form, ACT_SETTINGS, NULL, 0},
	{HTTP_POST, "/settings", settings_post, ACT_SETTINGS, &form_profile, 0},
	{HTTP_POST, "/settings/password", settings_password_post, ACT_SETTINGS, &form_password_change, 0},
	{HTTP_GET, "/settings/export", export_download, ACT_SETTINGS, NULL, 0},
	{HTTP_POST, "/settings/delete", settings_delete_post, ACT_SETTINGS, &form_account_delete, 0},
	{HTTP_GET, "/u/:handle", profile_page, ACT_PROFILE_VIEW, NULL, 0},
	{HTTP_GET, "/members", members_page, ACT_DIRECTORY, NULL, 0},
	{HTTP_POST, "/connections/:handle/:action", connect_post, ACT_CONNECT, &form_connect, 0},
	{HTTP_GET, "/connections", connections_page, ACT_CONNECT, NULL, 0},
	{HTTP_POST, "/editor/members/:handle/roles", editor_roles_post, ACT_ROLES_EDIT, &form_roles, 0},
	{HTTP_GET, "/messages", messages_page, ACT_MESSAGES, NULL, 0},
	{HTTP_GET, "/messages/new", message_new_form, ACT_MESSAGES, NULL, 0},
	{HTTP_POST, "/messages", message_start_post, ACT_MESSAGES, &form_message_start, 0},
	{HTTP_GET, "/messages/:id", conversation_page, ACT_MESSAGES, NULL, 0},
	{HTTP_POST, "/messages/:id", message_reply_post, ACT_MESSAGES, &form_message_reply, 0},
	{HTTP_POST, "/messages/:id/report", message_report_post, ACT_MESSAGES, &form_message_report, 0},
	{HTTP_POST, "/messages/:id/:action", conversation_act_post, ACT_MESSAGES, NULL, 0},
	{HTTP_POST, "/blocks/:handle/:action", block_post, ACT_MESSAGES, &form_connect, 0},
	{HTTP_GET, "/editor/reports", editor_reports, ACT_MESSAGE_REPORTS, NULL, 0},
	{HTTP_POST, "/editor/reports/:id", editor_report_post, ACT_MESSAGE_REPORTS, &form_report_decision, 0},
	{HTTP_GET, "/verify", verify_form, ACT_VERIFY_VIEW, NULL, 0},
	{HTTP_POST, "/verify", verify_post, ACT_VERIFY_VIEW, &form_verify, ROUTE_UPLOAD},
	{HTTP_GET, "/editor/verifications", editor_verifications, ACT_VERIFY_REVIEW, NULL, 0},
	{HTTP_POST, "/editor/verifications/:id", editor_verification_post, ACT_VERIFY_REVIEW, &form_decision, 0},
	{HTTP_GET, "/editor/verifications/:id/document", editor_verification_document, ACT_VERIFY_REVIEW, NULL, 0},
	{HTTP_GET, "/forums", forums_page, ACT_FORUMS, NULL, 0},
	{HTTP_GET, "/latest", latest_page, ACT_FORUMS, NULL, 0},
	{HTTP_GET, "/unread", unread_page, ACT_FORUMS, NULL, 0},
	{HTTP_GET, "/f/:slug", forum_page, ACT_FORUMS, NULL, 0},
	{HTTP_POST, "/f/:slug", topic_create_post, ACT_FORUMS, &form_topic_new, ROUTE_UPLOAD},
	{HTTP_GET, "/f/:slug/new", topic_new_form, ACT_FORUMS, NULL, 0},
	{HTTP_GET, "/t/:id", topic_page, ACT_FORUMS, NULL, 0},
	{HTTP_POST, "/t/:id", topic_reply_post, ACT_FORUMS, &form_post_reply, ROUTE_UPLOAD},
	{HTTP_POST, "/t/:id/mod/:action", topic_mod_post, ACT_FORUMS, &form_moderate, 0},
	{HTTP_POST, "/t/:id/vote", poll_vote_post, ACT_FORUMS, &form_vote, 0},
	{HTTP_POST, "/t/:id/:action", topic_action_post, ACT_FORUMS, NULL, 0},
	{HTTP_POST, "/p/:id/mod/:action", post_mod_post, ACT_FORUMS, &form_moderate, 0},
	{HTTP_GET, "/p/:id", post_permalink, ACT_FORUMS, NULL, 0},
	{HTTP_GET, "/p/:id/edit", post_edit_form, ACT_FORUMS, NULL, 0},
	{HTTP_POST, "/p/:id/edit", post_edit_post, ACT_FORUMS, &form_post_edit, ROUTE_UPLOAD},
	{HTTP_GET, "/p/:id/image", post_image, ACT_FORUMS, NULL, 0},
	{HTTP_GET, "/p/:id/history", post_history_page, ACT_FORUMS, NULL, 0},
	{HTTP_POST, "/p/:id/flag", post_flag_post, ACT_FORUMS, &form_post_flag, 0},
	{HTTP_POST, "/p/:id/:action", post_action_post, ACT_FORUMS, &form_reason, 0},
	{HTTP_GET, "/editor", editor_desk, ACT_FLAG_QUEUE, NULL, 0},
	{HTTP_GET, "/editor/flags", editor_flags, ACT_FLAG_QUEUE, NULL, 0},
	{HTTP_POST, "/editor/flags/:id", editor_flag_post, ACT_FLAG_QUEUE, &form_flag_decision, 0},
	{HTTP_GET, "/editor/audit", editor_audit, ACT_AUDIT_READ, NULL, 0},
	/* The editors' dashboard (dashboard.c). */
	{HTTP_GET, "/editor/dashboard", editor_dashboard, ACT_DASHBOARD, NULL, 0},
	{HTTP_GET, "/editor/dashboard/:name", editor_dashboard_csv, ACT_DASHBOARD, NULL, 0},
	{HTTP_GET, "/api/v1/editor/dashboard", api_editor_dashboard, ACT_DASHBOARD, NULL, ROUTE_JSON},
	{HTTP_GET, "/editor/confirmed", editor_confirmed, ACT_CONFIRMED_REVIEW, NULL, 0},
	{HTTP_GET, "/api/v1/editor/confirmed-posts", api_editor_confirmed, ACT_CONFIRMED_REVIEW, NULL, ROUTE_JSON},
	{HTTP_GET, "/editor/forums", editor_forums, ACT_FORUM_ADMIN, NULL, 0},
	{HTTP_POST, "/editor/forums", editor_forum_create, ACT_FORUM_ADMIN, &form_forum_new, 0},
	{HTTP_POST, "/editor/forums/:slug", editor_forum_update, ACT_FORUM_ADMIN, &form_forum_edit, 0},
	{HTTP_POST, "/editor/forums/:slug/champions", editor_forum_champion, ACT_FORUM_ADMIN, &form_champion, 0},
	{HTTP_POST, "/api/v1/topics/:id/moderate", api_topic_moderate, ACT_FORUMS, &form_api_moderate, ROUTE_JSON},
	{HTTP_POST, "/api/v1/posts/:id/moderate", api_post_moderate, ACT_FORUMS, &form_api_moderate, ROUTE_JSON},
	{HTTP_GET, "/api/v1/editor/flags", api_editor_flags, ACT_FLAG_QUEUE, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/flags/:id", api_editor_flag_decide, ACT_FLAG_QUEUE, &form_flag_decision, ROUTE_JSON},
	{HTTP_GET, "/api/v1/editor/audit", api_editor_audit, ACT_AUDIT_READ, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/forums", api_editor_forum_create, ACT_FORUM_ADMIN, &form_forum_new, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/editor/forums/:slug", api_editor_forum_update, ACT_FORUM_ADMIN, &form_forum_edit, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/forums/:slug/champions", api_editor_forum_champion, ACT_FORUM_ADMIN, &form_champion,
	 ROUTE_JSON},
	{HTTP_GET, "/blogs", blogs_page, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/blogs/apply", blog_apply_form, ACT_BLOG_APPLY, NULL, 0},
	{HTTP_POST, "/blogs/apply", blog_apply_post, ACT_BLOG_APPLY, &form_blog_apply, 0},
	{HTTP_GET, "/blogs/tags/:tag", blog_tag_page, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/blogs/tags/:tag/feed.atom", feed_tag, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/feeds/blogs.atom", feed_blogs, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/feeds/featured.atom", feed_featured, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/b/:blog", blog_page, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/b/:blog/feed.atom", feed_blog, ACT_BLOG_READ, NULL, 0},
	{HTTP_POST, "/b/:blog/details", blog_details_post, ACT_BLOG_READ, &form_blog_details, 0},
	{HTTP_GET, "/b/:blog/new", blog_post_new_form, ACT_BLOG_READ, NULL, 0},
	{HTTP_POST, "/b/:blog/new", blog_post_create_post, ACT_BLOG_READ, &form_blog_post, ROUTE_UPLOAD},
	{HTTP_GET, "/b/:blog/:post", blog_post_page, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/b/:blog/:post/edit", blog_post_edit_form, ACT_BLOG_READ, NULL, 0},
	{HTTP_POST, "/b/:blog/:post/edit", blog_post_edit_post, ACT_BLOG_READ, &form_blog_post, ROUTE_UPLOAD},
	{HTTP_GET, "/b/:blog/:post/history", blog_post_history, ACT_BLOG_READ, NULL, 0},
	{HTTP_GET, "/b/:blog/:post/cover", blog_post_cover, ACT_BLOG_READ, NULL, 0},
	{HTTP_POST, "/b/:blog/:post/comments", blog_comment_post, ACT_BLOG_READ, &form_blog_comment, 0},
	{HTTP_GET, "/editor/bloggers", editor_bloggers, ACT_BLOG_REVIEW, NULL, 0},
	{HTTP_POST, "/editor/bloggers/:id", editor_blogger_post, ACT_BLOG_REVIEW, &form_blogger_decision, 0},
	{HTTP_GET, "/editor/promote", editor_promote, ACT_BLOG_FEATURE, NULL, 0},
	{HTTP_POST, "/editor/promote/:id", editor_promote_post, ACT_BLOG_FEATURE, &form_promote, 0},
	{HTTP_GET, "/api/v1/blogs", api_blogs, ACT_BLOG_READ, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/blogs/:blog", api_blog, ACT_BLOG_READ, NULL, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/blogs/:blog", api_blog_update, ACT_BLOG_READ, &form_blog_details, ROUTE_JSON},
	{HTTP_POST, "/api/v1/blogs/:blog/posts", api_blog_post_create, ACT_BLOG_READ, &form_blog_post, ROUTE_JSON},
	{HTTP_GET, "/api/v1/blogs/:blog/posts/:post", api_blog_post, ACT_BLOG_READ, NULL, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/blogs/:blog/posts/:post", api_blog_post_update, ACT_BLOG_READ, &form_blog_post,
	 ROUTE_JSON},
	{HTTP_GET, "/api/v1/blogs/:blog/posts/:post/revisions", api_blog_post_revisions, ACT_BLOG_READ, NULL,
	 ROUTE_JSON},
	{HTTP_POST, "/api/v1/blogger-applications", api_blogger_apply, ACT_BLOG_APPLY, &form_blog_apply, ROUTE_JSON},
	{HTTP_GET, "/api/v1/blogger-applications", api_blogger_applications, ACT_BLOG_APPLY, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/editor/blogger-applications", api_editor_blogger_applications, ACT_BLOG_REVIEW, NULL,
	 ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/blogger-applications/:id", api_editor_blogger_decide, ACT_BLOG_REVIEW,
	 &form_blogger_decision, ROUTE_JSON},
	{HTTP_GET, "/api/v1/editor/featured", api_editor_featured, ACT_BLOG_FEATURE, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/featured", api_editor_feature, ACT_BLOG_FEATURE, &form_api_feature, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/editor/featured/:id", api_editor_unfeature, ACT_BLOG_FEATURE, NULL, ROUTE_JSON},
	{HTTP_PUT, "/api/v1/editor/featured/:id/shares/:network", api_editor_share, ACT_BLOG_FEATURE, NULL, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/editor/featured/:id/shares/:network", api_editor_unshare, ACT_BLOG_FEATURE, NULL,
	 ROUTE_JSON},
	{HTTP_GET, "/library", library_page, ACT_LIBRARY, NULL, 0},
	{HTTP_GET, "/library/collections/:slug", library_collection_page, ACT_LIBRARY, NULL, 0},
	{HTTP_GET, "/library/:slug", library_item_page, ACT_LIBRARY, NULL, 0},
	{HTTP_GET, "/library/:slug/download", library_download, ACT_LIBRARY, NULL, 0},
	{HTTP_GET, "/library/:slug/files/:id", library_file, ACT_LIBRARY, NULL, 0},
	{HTTP_GET, "/library/:slug/cover", library_cover, ACT_LIBRARY, NULL, 0},
	{HTTP_POST, "/library/:slug/cover", library_cover_post, ACT_LIBRARY_EDIT, &form_library_cover, ROUTE_UPLOAD},
	{HTTP_GET, "/library/:slug/edit", library_edit_form, ACT_LIBRARY_EDIT, NULL, 0},
	{HTTP_POST, "/library/:slug/edit", library_edit_post, ACT_LIBRARY_EDIT, &form_library_item, ROUTE_LIBRARY},
	{HTTP_POST, "/library/:slug/files", library_files_post, ACT_LIBRARY_EDIT, &form_library_file,
	 ROUTE_UPLOAD | ROUTE_LIBRARY},
	{HTTP_POST, "/library/:slug/withdraw", library_withdraw_post, ACT_LIBRARY_EDIT, &form_library_withdraw, 0},
	{HTTP_GET, "/editor/library", library_editor_page, ACT_LIBRARY_EDIT, NULL, 0},
	{HTTP_POST, "/editor/library/collections", library_collection_create_post, ACT_LIBRARY_EDIT,
	 &form_library_collection, 0},
	{HTTP_POST, "/editor/library/collections/:slug", library_collection_update_post, ACT_LIBRARY_EDIT,
	 &form_library_collection, 0},
	{HTTP_GET, "/editor/library/new", library_new_form, ACT_LIBRARY_EDIT, NULL, 0},
	{HTTP_POST, "/editor/library/new", library_new_post, ACT_LIBRARY_EDIT, &form_library_item,
	 ROUTE_UPLOAD | ROUTE_LIBRARY},
	{HTTP_GET, "/api/v1/library", api_library, ACT_LIBRARY, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/library", api_library_create, ACT_LIBRARY_EDIT, &form_library_item,
	 ROUTE_JSON | ROUTE_UPLOAD | ROUTE_LIBRARY},
	{HTTP_GET, "/api/v1/library/collections", api_library_collections, ACT_LIBRARY, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/library/collections", api_library_collection_create, ACT_LIBRARY_EDIT,
	 &form_library_collection, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/library/collections/:slug", api_library_collection_update, ACT_LIBRARY_EDIT,
	 &form_library_collection, ROUTE_JSON},
	{HTTP_GET, "/api/v1/library/:slug", api_library_item, ACT_LIBRARY, NULL, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/library/:slug", api_library_update, ACT_LIBRARY_EDIT, &form_library_item,
	 ROUTE_JSON | ROUTE_LIBRARY},
	{HTTP_DELETE, "/api/v1/library/:slug", api_library_withdraw, ACT_LIBRARY_EDIT, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/library/:slug/download", api_library_download, ACT_LIBRARY, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/library/:slug/files", api_library_files, ACT_LIBRARY_EDIT, &form_library_file,
	 ROUTE_JSON | ROUTE_UPLOAD | ROUTE_LIBRARY},
	{HTTP_POST, "/api/v1/library/:slug/restore", api_library_restore, ACT_LIBRARY_EDIT, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/library/:slug/stats", api_library_stats, ACT_LIBRARY_EDIT, NULL, ROUTE_JSON},
	{HTTP_GET, "/groups", groups_page, ACT_GROUPS, NULL, 0},
	{HTTP_POST, "/groups", group_request_post, ACT_GROUPS, &form_group_request, 0},
	{HTTP_GET, "/groups/new", group_new_form, ACT_GROUPS, NULL, 0},
	{HTTP_POST, "/groups/invitations/:id", invitation_answer_post, ACT_GROUPS, &form_invitation_answer, 0},
	{HTTP_GET, "/g/:slug", group_page, ACT_GROUPS, NULL, 0},
	{HTTP_POST, "/g/:slug", group_topic_create_post, ACT_GROUPS, &form_topic_new, ROUTE_UPLOAD},
	{HTTP_GET, "/g/:slug/new", group_topic_new_form, ACT_GROUPS, NULL, 0},
	{HTTP_GET, "/g/:slug/members", group_members_page, ACT_GROUPS, NULL, 0},
	{HTTP_POST, "/g/:slug/invitations", group_invite_post, ACT_GROUPS, &form_group_invite, 0},
	{HTTP_POST, "/g/:slug/invitations/:id/revoke", group_invitation_revoke_post, ACT_GROUPS, NULL, 0},
	{HTTP_POST, "/g/:slug/members/:handle", group_member_post, ACT_GROUPS, &form_group_member, 0},
	{HTTP_POST, "/g/:slug/leave", group_leave_post, ACT_GROUPS, NULL, 0},
	{HTTP_POST, "/g/:slug/status", group_status_post, ACT_GROUPS, &form_group_status, 0},
	{HTTP_GET, "/editor/groups", editor_groups, ACT_GROUP_REVIEW, NULL, 0},
	{HTTP_POST, "/editor/groups/:id", editor_group_post, ACT_GROUP_REVIEW, &form_group_decision, 0},
	{HTTP_GET, "/api/v1/groups", api_groups, ACT_GROUPS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/groups", api_group_request, ACT_GROUPS, &form_group_request, ROUTE_JSON},
	{HTTP_GET, "/api/v1/groups/:slug", api_group, ACT_GROUPS, NULL, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/groups/:slug", api_group_update, ACT_GROUPS, &form_group_status, ROUTE_JSON},
	{HTTP_GET, "/api/v1/groups/:slug/topics", api_group_topics, ACT_GROUPS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/groups/:slug/topics", api_group_topic_create, ACT_GROUPS, &form_topic_new,
	 ROUTE_JSON | ROUTE_UPLOAD},
	{HTTP_GET, "/api/v1/groups/:slug/invitations", api_group_invitations, ACT_GROUPS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/groups/:slug/invitations", api_group_invite, ACT_GROUPS, &form_api_group_invite,
	 ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/groups/:slug/invitations/:id", api_group_invitation_revoke, ACT_GROUPS, NULL,
	 ROUTE_JSON},
	{HTTP_PUT, "/api/v1/groups/:slug/members/:handle", api_group_member_set, ACT_GROUPS, &form_group_member,
	 ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/groups/:slug/members/:handle", api_group_member_remove, ACT_GROUPS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/invitations/:id", api_invitation_answer, ACT_GROUPS, &form_invitation_answer,
	 ROUTE_JSON},
	{HTTP_GET, "/api/v1/editor/groups", api_editor_groups, ACT_GROUP_REVIEW, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/groups/:id", api_editor_group_decide, ACT_GROUP_REVIEW, &form_group_decision,
	 ROUTE_JSON},
	/* Search (search.c). */
	{HTTP_GET, "/search", search_page, ACT_SEARCH, NULL, 0},
	{HTTP_GET, "/api/v1/search", api_search, ACT_SEARCH, NULL, ROUTE_JSON},
	/* End of search's routes. */
	{HTTP_GET, "/notifications", notifications_page, ACT_NOTIFICATIONS, NULL, 0},
	{HTTP_POST, "/notifications/read", notifications_read_post, ACT_NOTIFICATIONS, NULL, 0},
	{HTTP_GET, "/api/v1/forums", api_forums, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/forums/:slug/topics", api_forum_topics, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/forums/:slug/topics", api_forum_topic_create, ACT_FORUMS, &form_topic_new,
	 ROUTE_JSON | ROUTE_UPLOAD},
	{HTTP_GET, "/api/v1/latest", api_latest, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/topics/:id", api_topic, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/topics/:id/posts", api_topic_reply, ACT_FORUMS, &form_post_reply, ROUTE_JSON | ROUTE_UPLOAD},
	{HTTP_POST, "/api/v1/topics/:id/watch", api_topic_watch, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/topics/:id/votes", api_poll_vote, ACT_FORUMS, &form_vote, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/topics/:id/watch", api_topic_unwatch, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/posts/:id", api_post_edit, ACT_FORUMS, &form_post_edit, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/posts/:id", api_post_delete, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/posts/:id/like", api_post_like, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/posts/:id/like", api_post_unlike, ACT_FORUMS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/posts/:id/flags", api_post_flag, ACT_FORUMS, &form_post_flag, ROUTE_JSON},
	{HTTP_GET, "/api/v1/notifications", api_notifications, ACT_NOTIFICATIONS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/notifications/read", api_notifications_read, ACT_NOTIFICATIONS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/scan", api_scan, ACT_SCAN, &form_scan, ROUTE_JSON},
	{HTTP_GET, "/api/v1/members", api_members_list, ACT_DIRECTORY, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/connections", api_connections, ACT_CONNECT, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/members/:handle/roles", api_editor_roles, ACT_ROLES_EDIT, &form_roles, ROUTE_JSON},
	{HTTP_POST, "/api/v1/connections", api_connection_request, ACT_CONNECT, &form_connection_request, ROUTE_JSON},
	{HTTP_POST, "/api/v1/connections/:handle", api_connection_answer, ACT_CONNECT, &form_connection_answer, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/connections/:handle", api_connection_remove, ACT_CONNECT, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/conversations", api_conversations, ACT_MESSAGES, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/conversations", api_conversation_start, ACT_MESSAGES, &form_message_start, ROUTE_JSON},
	{HTTP_GET, "/api/v1/conversations/:id", api_conversation, ACT_MESSAGES, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/conversations/:id/messages", api_message_post, ACT_MESSAGES, &form_message_reply, ROUTE_JSON},
	{HTTP_POST, "/api/v1/conversations/:id/:action", api_conversation_act, ACT_MESSAGES, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/messages/:id/report", api_message_report, ACT_MESSAGES, &form_api_message_report, ROUTE_JSON},
	{HTTP_GET, "/api/v1/blocks", api_blocks, ACT_MESSAGES, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/blocks", api_block, ACT_MESSAGES, &form_connection_request, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/blocks/:handle", api_unblock, ACT_MESSAGES, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/editor/message-reports", api_editor_message_reports, ACT_MESSAGE_REPORTS, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/message-reports/:id", api_editor_message_report_decide, ACT_MESSAGE_REPORTS,
	 &form_report_decision, ROUTE_JSON},
	{HTTP_POST, "/api/v1/members", api_members_create, ACT_ACCOUNT_OPEN, &form_register, ROUTE_JSON | ROUTE_NO_CSRF},
	{HTTP_POST, "/api/v1/session", api_session_create, ACT_ACCOUNT_OPEN, &form_signin, ROUTE_JSON | ROUTE_NO_CSRF},
	{HTTP_DELETE, "/api/v1/session", api_session_delete, ACT_SESSION_END, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/me", api_me, ACT_ME, NULL, ROUTE_JSON},
	{HTTP_GET, "/api/v1/me/export", api_me_export, ACT_ME, NULL, ROUTE_JSON},
	{HTTP_DELETE, "/api/v1/me", api_me_delete, ACT_SETTINGS, &form_account_delete, ROUTE_JSON},
	{HTTP_POST, "/api/v1/verification", api_verification_create, ACT_VERIFY_VIEW, &form_verify,
	 ROUTE_JSON | ROUTE_UPLOAD},
	{HTTP_GET, "/api/v1/editor/verifications", api_editor_verifications, ACT_VERIFY_REVIEW, NULL, ROUTE_JSON},
	{HTTP_POST, "/api/v1/editor/verifications/:id", api_editor_verification_decide, ACT_VERIFY_REVIEW, &form_decision,
	 ROUTE_JSON},
	/* Email settings and unsubscribe (mail-notify: mail_settings.c). */
	{HTTP_GET, "/settings/email", mail_settings_form, ACT_MAIL_SETTINGS, NULL, 0},
	{HTTP_POST, "/settings/email", mail_settings_post, ACT_MAIL_SETTINGS, &form_mail_settings, 0},
	{HTTP_POST, "/settings/email/bounce", mail_settings_bounce_post, ACT_MAIL_SETTINGS, NULL, 0},
	{HTTP_GET, "/api/v1/settings/email", api_mail_settings, ACT_MAIL_SETTINGS, NULL, ROUTE_JSON},
	{HTTP_PATCH, "/api/v1/settings/email", api_mail_settings_update, ACT_MAIL_SETTINGS, &form_mail_settings,
	 ROUTE_JSON},
	{HTTP_POST, "/api/v1/settings/email/bounce", api_mail_settings_bounce, ACT_MAIL_SETTINGS, NULL, ROUTE_JSON},
	{HTTP_GET, "/unsubscribe", unsubscribe_form, ACT_PUBLIC, NULL, 0},
	{HTTP_POST, "/unsubscribe", unsubscribe_post, ACT_PUBLIC, NULL, ROUTE_MAC_PROOF},
};

const struct route *pages_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}

int page_form_ctx(http_req *r, view_obj *ctx, const struct form_values *fv)
{
	if (!fv)
		fv = &r->in;
	const view_val *had = view_get(ctx, "f");
	view_obj *f = had->kind == VIEW_OBJ ? had->u.o : view_obj_new(r->a);
	if (!f || !fv->spec)
		return f ? view_set_obj(ctx, "f", f) : -1;
	for (size_t i = 0; i < fv->spec->n; i++) {
		const struct form_field *fd = &fv->spec->fields[i];
		view_obj *one = view_obj_new(r->a);
		if (!one)
			return -1;
		if (!(fd->flags & FIELD_SECRET) && fv->present[i])
			view_set_str(one, "value", fv->typed[i].p ? fv->typed[i] : fv->v[i]);
		if (fv->err[i])
			view_set_cstr(one, "error", fv->err[i]);
		view_set_obj(f, fd->name, one);
	}
	return view_set_obj(ctx, "f", f);
}

int page_session_start(http_req *r, int64_t member_id, bool bearer, char token_out[SECRET_TOKEN_LEN + 1])
{
	unsigned char hash[SECRET_HASH_LEN];
	secret_token_new(token_out, hash);
	int64_t ttl = (int64_t)http_config(r)->session_days * 86400;
	struct store_session sess = {.member_id = member_id, .expires_at = r->now + ttl, .bearer = bearer};
	int rc = store_session_create(http_store(r), hash, &sess, r->now);
	if (rc != 0)
		return rc;
	if (!bearer) {
		char *keep = arena_strndup(r->a, token_out, SECRET_TOKEN_LEN);
		if (!keep)
			return STORE_ERR;
		http_set_cookie(r, "rounds_session", keep, ttl);
	}
	return 0;
}

static void add_role(const char *name, void *cls)
{
	json_array_append_new(cls, json_string(name));
}

json_t *page_member_json(const struct store_member *m)
{
	json_t *roles = json_array();
	if (!roles)
		return NULL;
	role_each(m->roles, add_role, roles);
	return json_pack("{s:I, s:s%, s:s%, s:s%, s:s%, s:b, s:b, s:o}", "id", (json_int_t)m->id, "handle", m->handle.p,
			 m->handle.n, "name", m->name.p, m->name.n, "type", m->type.p, m->type.n, "country",
			 m->country.p ? m->country.p : "", m->country.n, "verified", m->verified, "confirmed",
			 m->confirmed, "roles", roles);
}

int page_redirect_profile(http_req *r, str handle, const char *query)
{
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/u/");
	buf_str(&b, handle);
	buf_puts(&b, query);
	const char *to = buf_cstr(&b);
	return to ? http_redirect(r, to) : -1;
}

int64_t page_id(str v)
{
	if (validate_id(NULL, v, &v))
		return 0;
	int64_t id = 0;
	for (size_t i = 0; i < v.n; i++)
		id = id * 10 + (v.p[i] - '0');
	return id;
}

const char *page_when(http_req *r, int64_t t)
{
	char *out = arena_alloc(r->a, UTC_WHEN);
	if (!out)
		return "";
	tz_when(out, r->reader.signed_in ? r->me.timezone : STR_NULL, t);
	return out;
}

/* page_when's zone, as a number: 0 for UTC (no reader, or no zone), else
 * the name's 64-bit FNV-1a hash, one in 2^64 for two of the few hundred
 * names tz_known allows to meet. */
uint64_t page_when_variant(http_req *r)
{
	str z = r->reader.signed_in ? r->me.timezone : STR_NULL;
	if (!z.n)
		return 0;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < z.n; i++)
		h = (h ^ (unsigned char)z.p[i]) * 0x100000001b3ull;
	return h;
}

const char *page_iso_time(http_req *r, int64_t t)
{
	char *out = arena_alloc(r->a, UTC_ISO);
	if (!out)
		return "";
	utc_iso(out, t);
	return out;
}

/* The slug of `name` in at most `max` bytes, or `fallback`. */
static str slug_within(arena *a, str name, size_t max, const char *fallback)
{
	char *out = arena_alloc(a, max + 1);
	size_t n = 0;
	if (!out)
		return STR_NULL;
	for (size_t i = 0; i < name.n && n < max; i++) {
		char c = name.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	return n ? (str){out, n} : str_c(fallback);
}

str page_slug(http_req *r, str name, size_t max, const char *fallback, int i)
{
	if (i <= 1)
		return slug_within(r->a, name, max, fallback);
	char tail[16];
	int tn = snprintf(tail, sizeof tail, "-%d", i);
	str base = slug_within(r->a, name, max - (size_t)tn, fallback);
	char *s = base.p ? arena_alloc(r->a, base.n + (size_t)tn + 1) : NULL;
	if (!s)
		return STR_NULL;
	memcpy(s, base.p, base.n);
	memcpy(s + base.n, tail, (size_t)tn + 1);
	return (str){s, base.n + (size_t)tn};
}

int64_t page_number(http_req *r)
{
	str ps = http_query(r, "page");
	int64_t page = ps.n ? page_id(ps) : 1;
	return page < 1 || page > 10000 ? 1 : page;
}

/* An upload read from the store as the connection takes it (when the
 * store gives no path: PostgreSQL); malloc'd, freed when the answer is
 * done with it. */
struct stored_reader {
	store *st;
	char sha[STORE_SHA256_HEX + 1];
};

static int stored_read(void *cls, int64_t off, char *out, size_t n)
{
	struct stored_reader *sr = cls;
	return store_upload_read(sr->st, sr->sha, off, n, out) == 0 ? 0 : -1;
}

static void stored_done(void *cls)
{
	free(cls);
}

int page_upload_send(http_req *r, str sha, str mime, str name, int64_t mtime, const char *cache)
{
	struct store_upload up;
	char *hex = str_dup(r->a, sha);
	int rc = hex && sha.n == STORE_SHA256_HEX ? store_upload_stat(http_store(r), r->a, hex, &up) : STORE_ENOTFOUND;
	if (rc == STORE_ENOTFOUND)
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	if (rc)
		return http_store_error(r, rc);
	char etag[STORE_SHA256_HEX + 3];
	snprintf(etag, sizeof etag, "\"%s\"", up.sha256);
	struct http_stored f = {
		.ctype = str_dup(r->a, mime.n ? mime : up.mime),
		.size = up.size,
		.etag = arena_strndup(r->a, etag, strlen(etag)),
		.mtime = mtime ? mtime : up.created_at,
		.filename = name.n ? str_dup(r->a, name) : NULL,
		.attachment = name.n > 0,
		.cache = cache,
		.path = up.path,
	};
	if (!f.ctype || !f.etag)
		return -1;
	if (!up.path) {
		struct stored_reader *sr = malloc(sizeof *sr);
		if (!sr)
			return -1;
		sr->st = http_store(r);
		memcpy(sr->sha, up.sha256, sizeof sr->sha);
		f.reader = (struct http_reader){.read = stored_read, .done = stored_done, .cls = sr};
	}
	return http_send_stored(r, &f);
}

str page_member_key(http_req *r)
{
	buf b;
	buf_init(&b, r->a);
	buf_printf(&b, "%lld", (long long)r->me.id);
	return b.err ? S("0") : buf_slice(&b);
}

str page_abs_link(http_req *r, const char *path, str token)
{
	buf b;
	buf_init(&b, r->a);
	const char *base = http_config(r)->base_url;
	size_t bn = strlen(base);
	while (bn && base[bn - 1] == '/')
		bn--;
	if (bn)
		buf_put(&b, base, bn);
	else
		buf_printf(&b, "http://%s", http_config(r)->listen);
	buf_puts(&b, path);
	buf_str(&b, token);
	return b.err ? STR_NULL : buf_slice(&b);
}

int page_country_options(http_req *r, view_obj *ctx, str chosen)
{
	size_t n;
	const struct country *c = country_all(&n);
	view_list *l = view_list_new(r->a);
	if (!l)
		return -1;
	for (size_t i = 0; i < n; i++) {
		view_obj *o = view_obj_new(r->a);
		if (!o || view_set_cstr(o, "code", c[i].code) < 0 || view_set_cstr(o, "name", c[i].name) < 0 ||
		    view_set_bool(o, "selected", str_eqc(chosen, c[i].code)) < 0 || view_list_push_obj(l, o) < 0)
			return -1;
	}
	return view_set_list(ctx, "countries", l);
}

int page_reference_options(http_req *r, view_obj *ctx, const char *key, bool grades, str chosen)
{
	int n = grades ? reference_grade_count() : reference_specialty_count();
	const struct reference_item *pick = grades ? reference_grade_find(chosen) : reference_specialty_find(chosen);
	view_list *groups = view_list_new(r->a), *items = NULL;
	const char *group = NULL;
	if (!groups)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct reference_item *it = grades ? reference_grade_at(i) : reference_specialty_at(i);
		if (!group || strcmp(group, it->group) != 0) {
			view_obj *g = view_obj_new(r->a);
			if (!g || !(items = view_list_new(r->a)))
				return -1;
			group = it->group;
			view_set_cstr(g, "label", group);
			view_set_list(g, "items", items);
			view_list_push_obj(groups, g);
		}
		view_obj *o = view_obj_new(r->a);
		if (!o || view_set_cstr(o, "code", it->code) < 0 || view_set_cstr(o, "name", it->name) < 0 ||
		    view_set_bool(o, "selected", it == pick) < 0 || view_list_push_obj(items, o) < 0)
			return -1;
	}
	return view_set_list(ctx, key, groups);
}

str page_reference_name(bool grades, str stored)
{
	const struct reference_item *it = grades ? reference_grade_find(stored) : reference_specialty_find(stored);
	return it ? str_c(it->name) : stored;
}
