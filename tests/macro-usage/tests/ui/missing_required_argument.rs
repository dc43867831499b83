gqlforge::gql! {
    query SubscriptionById {
        subscription {
            id
        }
    }
}

fn main() {}
