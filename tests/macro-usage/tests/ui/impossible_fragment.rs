gqlforge::gql! {
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            ...CustomerFields
        }
    }

    fragment CustomerFields on Customer {
        id
    }
}

fn main() {}
