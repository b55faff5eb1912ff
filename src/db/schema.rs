// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> Int8,
        external_id -> Text,
        name -> Text,
        owner_id -> Nullable<Int8>,
        segment -> Nullable<Text>,
        plan -> Nullable<Text>,
        mrr -> Int8,
        stage -> Text,
        last_activity_at -> Nullable<Timestamptz>,
        churned_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    answer_monthly (survey_id, month, category) {
        survey_id -> Int8,
        month -> Date,
        category -> Text,
        answers -> Int4,
        with_terms -> Int4,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Int8,
        name -> Text,
        token_sha256 -> Bytea,
        scope -> Text,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    contacts (id) {
        id -> Int8,
        account_id -> Int8,
        email -> Text,
        name -> Nullable<Text>,
        locale -> Text,
        keep_in_touch -> Bool,
        unsubscribed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    custom_words (id) {
        id -> Int8,
        word -> Text,
        normalized -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    dictionary_version (id) {
        id -> Bool,
        version -> Int8,
        changed_at -> Timestamptz,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> Int8,
        response_id -> Int8,
        account_id -> Nullable<Int8>,
        owner_id -> Nullable<Int8>,
        trigger -> Text,
        status -> Text,
        due_at -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        outcome -> Nullable<Text>,
        first_contacted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    follow_up_events (id) {
        id -> Int8,
        follow_up_id -> Int8,
        actor_id -> Nullable<Int8>,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        note -> Nullable<Text>,
        from_owner_id -> Nullable<Int8>,
        to_owner_id -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    invitation_daily (survey_id, day) {
        survey_id -> Int8,
        day -> Date,
        sent -> Int4,
        answered -> Int4,
    }
}

diesel::table! {
    invitations (id) {
        id -> Int8,
        survey_id -> Int8,
        contact_id -> Int8,
        token -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        opened_at -> Nullable<Timestamptz>,
        reminded_at -> Nullable<Timestamptz>,
        by_email -> Bool,
    }
}

diesel::table! {
    keyword_monthly (survey_id, month, category, term) {
        survey_id -> Int8,
        month -> Date,
        category -> Text,
        term -> Text,
        responses -> Int4,
    }
}

diesel::table! {
    mailings (id) {
        id -> Int8,
        survey_id -> Int8,
        audience -> Text,
        emails -> Array<Text>,
        processed -> Int4,
        invited -> Int4,
        refused -> Jsonb,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    organization (id) {
        id -> Int2,
        name -> Text,
        time_zone -> Text,
        created_at -> Timestamptz,
        account_invitations_per_month -> Int4,
    }
}

diesel::table! {
    response_terms (response_id, term) {
        response_id -> Int8,
        term -> Text,
    }
}

diesel::table! {
    responses (id) {
        id -> Int8,
        survey_id -> Int8,
        invitation_id -> Nullable<Int8>,
        contact_id -> Nullable<Int8>,
        account_id -> Nullable<Int8>,
        score -> Nullable<Int2>,
        reason -> Nullable<Text>,
        comment -> Nullable<Text>,
        contact_ok -> Bool,
        locale -> Text,
        answered_at -> Timestamptz,
        updated_at -> Timestamptz,
        analyzed_with -> Nullable<Text>,
    }
}

diesel::table! {
    score_daily (survey_id, day, score, reason) {
        survey_id -> Int8,
        day -> Date,
        score -> Int2,
        reason -> Text,
        answers -> Int4,
    }
}

diesel::table! {
    sign_in_attempts (id) {
        id -> Int8,
        email -> Text,
        client_ip -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamptz,
    }
}

diesel::table! {
    staff_sessions (token_sha256) {
        token_sha256 -> Bytea,
        user_id -> Int8,
        csrf_token -> Text,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    surveys (id) {
        id -> Int8,
        kind -> Text,
        name -> Text,
        subject -> Text,
        question -> Nullable<Text>,
        comment_prompt -> Nullable<Text>,
        reasons -> Jsonb,
        invitation_ttl_days -> Int4,
        public_token -> Nullable<Text>,
        closed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        contact_cooldown_days -> Int4,
        reminder_days -> Int4,
    }
}

diesel::table! {
    users (id) {
        id -> Int8,
        email -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        created_at -> Timestamptz,
        disabled_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int8,
        kind -> Text,
        payload -> Jsonb,
        recipient -> Text,
        endpoint_id -> Nullable<Int8>,
        attempts -> Int4,
        run_after -> Timestamptz,
        claimed_until -> Nullable<Timestamptz>,
        sent_at -> Nullable<Timestamptz>,
        gave_up_at -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        last_status -> Nullable<Int4>,
        created_at -> Timestamptz,
        skipped_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Int8,
        url -> Text,
        format -> Text,
        secret -> Text,
        events -> Array<Text>,
        created_at -> Timestamptz,
        disabled_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(accounts -> users (owner_id));
diesel::joinable!(contacts -> accounts (account_id));
diesel::joinable!(follow_ups -> accounts (account_id));
diesel::joinable!(answer_monthly -> surveys (survey_id));
diesel::joinable!(follow_ups -> responses (response_id));
diesel::joinable!(follow_ups -> users (owner_id));
diesel::joinable!(follow_up_events -> follow_ups (follow_up_id));
diesel::joinable!(invitation_daily -> surveys (survey_id));
diesel::joinable!(invitations -> contacts (contact_id));
diesel::joinable!(invitations -> surveys (survey_id));
diesel::joinable!(keyword_monthly -> surveys (survey_id));
diesel::joinable!(mailings -> surveys (survey_id));
diesel::joinable!(mailings -> users (created_by));
diesel::joinable!(outbox -> webhook_endpoints (endpoint_id));
diesel::joinable!(response_terms -> responses (response_id));
diesel::joinable!(responses -> accounts (account_id));
diesel::joinable!(responses -> contacts (contact_id));
diesel::joinable!(responses -> invitations (invitation_id));
diesel::joinable!(responses -> surveys (survey_id));
diesel::joinable!(score_daily -> surveys (survey_id));
diesel::joinable!(staff_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    answer_monthly,
    api_tokens,
    contacts,
    custom_words,
    dictionary_version,
    follow_up_events,
    follow_ups,
    invitation_daily,
    invitations,
    keyword_monthly,
    mailings,
    organization,
    outbox,
    response_terms,
    responses,
    score_daily,
    sign_in_attempts,
    staff_sessions,
    surveys,
    users,
    webhook_endpoints,
);
