gqlforge::gql! {
    query SubscriptionById {
        subscription(id: "23431030") {
            id
        }
    }
}

fn main() {}
